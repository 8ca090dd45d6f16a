import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientSecretDates, clientSecretAgeWarning } from '../../core/amazon/client-secret-age';
import type { Clock } from '../../core/clock/clock';
import { AmazonError } from '../../core/amazon/errors';
import { LwaTokenProvider } from '../../core/amazon/lwa-token';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { AuditLog, openDatabase } from '../../core/store';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-11-23T09:00:00Z')): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => t, sleep: async (ms) => void (t += ms), advance: (ms) => void (t += ms) };
}

let emu: AmazonEmulator;
afterEach(async () => {
  await emu?.stop();
});

function provider(e: AmazonEmulator, clock: Clock, overrides: Partial<{ clientSecret: string; refreshToken: string }> = {}, audit?: AuditLog) {
  return new LwaTokenProvider({
    tokenUrl: e.lwaUrl,
    clock,
    credentials: { clientId: e.clientId, clientSecret: overrides.clientSecret ?? e.clientSecret, refreshToken: overrides.refreshToken ?? e.refreshToken },
    backoff: { baseMs: 1, capMs: 2, maxAttempts: 3 },
    ...(audit ? { audit } : {}),
  });
}

describe('LWA access tokens', () => {
  it('makes one token request however many callers wait for it', async () => {
    emu = await startAmazonEmulator();
    const p = provider(emu, manualClock());
    const tokens = await Promise.all(Array.from({ length: 20 }, () => p.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(emu.stats.tokenRequests).toBe(1);
  });

  it('reuses the token for its life and refreshes it about a minute before it expires', async () => {
    emu = await startAmazonEmulator();
    const clock = manualClock();
    const p = provider(emu, clock);
    const first = await p.getAccessToken();
    clock.advance((3600 - 61) * 1000);
    expect(await p.getAccessToken()).toBe(first);
    expect(emu.stats.tokenRequests).toBe(1);
    clock.advance(2000);
    const second = await p.getAccessToken();
    expect(second).not.toBe(first);
    expect(emu.stats.tokenRequests).toBe(2);
  });

  it('tells the user to re-authorize when the refresh token is revoked (invalid_grant)', async () => {
    emu = await startAmazonEmulator();
    emu.faults.revokeRefreshToken(emu.refreshToken);
    const err = await provider(emu, manualClock()).getAccessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmazonError);
    expect((err as AmazonError).kind).toBe('reauthorize');
    expect((err as AmazonError).message).toMatch(/seller must re-authorize/);
    // A refusal is final: no retry loop against LWA.
    expect(emu.stats.tokenRequests).toBe(1);
  });

  it('says the client secret was rotated or is wrong on invalid_client, without echoing the secret', async () => {
    emu = await startAmazonEmulator();
    const err = (await provider(emu, manualClock(), { clientSecret: 'amzn1.oa2-cs.v1.old-secret' }).getAccessToken().catch((e: unknown) => e)) as AmazonError;
    expect(err.kind).toBe('client-credentials');
    expect(err.message).toMatch(/client secret was probably rotated or is wrong/);
    expect(err.message).not.toContain('old-secret');
  });

  it('audits the token exchange with the secrets and the token redacted', async () => {
    emu = await startAmazonEmulator();
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-lwa-')), 'ws.sqlite'));
    const audit = new AuditLog(db);
    const token = await provider(emu, manualClock(), {}, audit).getAccessToken();
    const [row] = audit.list({ system: 'amazon' });
    expect(row?.operation).toBe('lwa.token');
    expect(row?.status).toBe('200');
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(emu.clientSecret);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain('demo-refresh-token');
    db.close();
  });
});

describe('client secret rotation', () => {
  const entered = new Date('2026-01-01T00:00:00Z');
  const day = (n: number) => new Date(entered.getTime() + n * 86_400_000);

  it('warns from day 150 and says when the 180-day rotation is due', () => {
    expect(clientSecretAgeWarning(entered, day(149))).toBeNull();
    const w = clientSecretAgeWarning(entered, day(150));
    expect(w).toMatchObject({ ageDays: 150, rotateBy: '2026-06-30', expired: false });
    expect(w?.message).toMatch(/before 2026-06-30/);
    expect(clientSecretAgeWarning(entered, day(181))?.expired).toBe(true);
  });

  it('remembers when each connection secret was entered', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-secret-')), 'ws.sqlite'));
    const dates = new ClientSecretDates(db);
    dates.recordEntered('conn-1', entered);
    expect(dates.enteredAt('conn-1')?.toISOString()).toBe(entered.toISOString());
    expect(dates.warning('conn-1', day(160))?.ageDays).toBe(160);
    dates.recordEntered('conn-1', day(160));
    expect(dates.warning('conn-1', day(161))).toBeNull();
    expect(dates.enteredAt('conn-2')).toBeNull();
    db.close();
  });
});
