import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockStartingAt, type Clock } from '../../core/clock/clock';
import { SpApiClient, type SpApiClientOptions } from '../../core/amazon/sp-api-client';
import { startAmazonEmulator, type AmazonEmulator, type AmazonEmulatorOptions } from '../../core/sandbox/amazon/emulator';
import { AuditLog, openDatabase, type Db } from '../../core/store';

export interface Harness {
  emulator: AmazonEmulator;
  client: SpApiClient;
  audit: AuditLog;
  db: Db;
  /** Every URL the client sent to SP-API (not LWA), for contract checks. */
  sent: { method: string; url: string; body?: string }[];
  stop(): Promise<void>;
}

/** Fast retries so the failure tests finish in milliseconds; the policy shape is the production one. */
/** Where a pinned emulator's clock starts: seeds "10 days ago" are the same days on any day the suite runs. */
export const AMAZON_TEST_NOW = Date.parse('2026-06-20T12:00:00Z');
/** An emulator (and client) clock that starts at AMAZON_TEST_NOW and runs at the wall clock's pace. */
export const pinnedClock = (): Clock => clockStartingAt(AMAZON_TEST_NOW);

export const FAST_BACKOFF = { baseMs: 5, capMs: 40, maxAttempts: 4 };

export async function harness(
  emulatorOptions: AmazonEmulatorOptions = {},
  clientOptions: Partial<SpApiClientOptions> & { clock?: Clock } = {},
): Promise<Harness> {
  const emulator = await startAmazonEmulator(emulatorOptions);
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-amazon-')), 'ws.sqlite'));
  const audit = new AuditLog(db);
  const sent: { method: string; url: string; body?: string }[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/auth/o2/token')) sent.push({ method: init?.method ?? 'GET', url, ...(typeof init?.body === 'string' ? { body: init.body } : {}) });
    return fetch(input, init);
  };
  const client = new SpApiClient({
    region: 'NA',
    endpoint: emulator.url,
    lwaTokenUrl: emulator.lwaUrl,
    credentials: { clientId: emulator.clientId, clientSecret: emulator.clientSecret, refreshToken: emulator.refreshToken },
    audit,
    clock: emulator.clock,
    fetch: recordingFetch,
    backoff: FAST_BACKOFF,
    ...clientOptions,
  });
  return {
    emulator,
    client,
    audit,
    db,
    sent,
    stop: async () => {
      await emulator.stop();
      db.close();
    },
  };
}
