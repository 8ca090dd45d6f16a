import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../core/clock/clock';
import { LOGIN_LIMIT_PAUSE_MS } from '../../../core/erp/acumatica/auth';
import { ErpError } from '../../../core/erp/erp-error';
import type { AcumaticaEmulator } from '../../../core/sandbox/acumatica/emulator';
import { clockStartingAt } from '../../../core/clock/clock';
import { AcumaticaConnector } from '../../../core/erp/acumatica/connector';
import { connector, emulator, journal, SECRETS, settingsFor, START } from './acumatica-fixtures';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});
async function start(o: Parameters<typeof emulator>[0] = {}): Promise<AcumaticaEmulator> {
  const emu = await emulator(o);
  stops.push(emu.stop);
  return emu;
}
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as ErpError);

describe('one Acumatica batch per natural key, released once', () => {
  it('a batch the tenant holds on entry is taken off hold and released; posting again finds it', async () => {
    const emu = await start({ holdOnEntry: true });
    const c = connector(emu);
    expect(await c.postJournal(journal())).toEqual({ documentNumber: '000001', alreadyExisted: false, posted: true });
    expect(await c.postJournal(journal())).toEqual({ documentNumber: '000001', alreadyExisted: true, posted: true });
    expect(emu.journals).toHaveLength(1);
    expect(emu.journals[0]).toMatchObject({ Status: 'Posted', Hold: false });
    expect(emu.stats.releases).toBe(1);
  });

  it('a dropped connection after the PUT of a held batch still ends in one batch, off hold and released once', async () => {
    const emu = await start({ holdOnEntry: true });
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/JournalTransaction$/ });
    const r = await connector(emu).postJournal(journal());
    expect(r).toMatchObject({ documentNumber: '000001', posted: true });
    expect(emu.journals).toHaveLength(1);
    expect(emu.stats.releases).toBe(1);
  });

  it('a held batch that does not balance is refused in Acumatica\'s words, once, and never released', async () => {
    const emu = await start();
    const doc = journal();
    const off = { ...doc, lines: doc.lines.map((l, i) => (i === 0 ? { ...l, debit: l.debit - 1 } : l)) };
    const err = await failure(connector(emu).postJournal(off));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Batch 000001 is out of balance and cannot be taken off hold.');
    expect(emu.journals.map((j) => j.Status)).toEqual(['On Hold']);
    expect(emu.stats.puts).toBe(2);
    expect(emu.stats.releases).toBe(0);
  });

  it('a batch the tenant leaves unposted after release waits there as not posted, is not released again, and counts as posted once a person posts it', async () => {
    const emu = await start({ autoPostOnRelease: false });
    const c = connector(emu);
    expect(await c.postJournal(journal())).toEqual({ documentNumber: '000001', alreadyExisted: false, posted: false });
    expect(await c.findByNaturalKey('journal', journal().externalDocumentNumber)).toEqual({ kind: 'journal', documentNumber: '000001', state: 'draft' });
    expect(await c.postJournal(journal())).toEqual({ documentNumber: '000001', alreadyExisted: true, posted: false });
    expect(emu.stats).toMatchObject({ puts: 1, releases: 1 });
    emu.journals[0]!.Status = 'Posted';
    expect(await c.findByNaturalKey('journal', journal().externalDocumentNumber)).toEqual({ kind: 'journal', documentNumber: '000001', state: 'posted' });
  });

  it('an endpoint version the instance does not serve stops posting in plain words, before any batch, without retries', async () => {
    const emu = await start();
    const err = await failure(connector(emu, { endpointVersion: '22.200.001' }).postJournal(journal()));
    expect(err).toBeInstanceOf(ErpError);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('This Acumatica instance does not serve the Default endpoint in version 22.200.001');
    expect(emu.journals).toHaveLength(0);
    expect(emu.stats.requests).toBe(0);
  });

  it('a batch posted through one endpoint version is found through the other: changing the version creates no second batch', async () => {
    const emu = await start();
    await connector(emu, { endpointVersion: '23.200.001' }).postJournal(journal());
    expect(await connector(emu, { endpointVersion: '24.200.001' }).postJournal(journal())).toEqual({ documentNumber: '000001', alreadyExisted: true, posted: true });
    expect(emu.journals).toHaveLength(1);
    expect(emu.stats.releases).toBe(1);
  });

  it('with manual batch numbers, two posts of one journal racing past the look-up still make one batch: the second PUT is refused with 412 and finds the first', async () => {
    const emu = await start({ latencyMs: 20 });
    const [a, b] = [connector(emu, { batchNumbering: 'manual' }), connector(emu, { batchNumbering: 'manual' })];
    const results = await Promise.all([a.postJournal(journal()), b.postJournal(journal())]);
    expect(results.map((r) => r.documentNumber)).toEqual(['AMZ2606J1', 'AMZ2606J1']);
    expect(results.every((r) => r.posted)).toBe(true);
    expect(emu.journals.map((j) => [j.BatchNbr, j.Status])).toEqual([['AMZ2606J1', 'Posted']]);
    expect(emu.stats.puts).toBe(2);
  });

  it('a batch someone else released between our look-up and our release is taken as done, not as a failure', async () => {
    const emu = await start();
    // A person releases the batch in Acumatica just before our release reaches it: Acumatica refuses ours.
    const releasedFirst: typeof fetch = (input, init) => {
      if (String(input).endsWith('/ReleaseJournalTransaction')) emu.journals[0]!.Status = 'Posted';
      return fetch(input, init);
    };
    const c = new AcumaticaConnector({ settings: settingsFor(emu), secrets: SECRETS, clock: clockStartingAt(START), fetch: releasedFirst, backoff: { baseMs: 1, capMs: 5, maxAttempts: 4 }, release: { intervalMs: 2, maxWaitMs: 5_000 }, settleMs: 5 });
    expect(await c.postJournal(journal())).toEqual({ documentNumber: '000001', alreadyExisted: false, posted: true });
    expect(emu.journals).toHaveLength(1);
    expect(emu.stats.releases).toBe(1);
  });

  it('the API login limit is shown, asked once for a run of many documents, and asked again only after a pause', async () => {
    const emu = await start({ maxApiUsers: 1 });
    const holder = connector(emu, { signIn: 'cookie' });
    await holder.testConnection();
    let now = START;
    const clock: Clock = { now: () => now, sleep: async (ms) => { now += ms; } };
    const c = connector(emu, { signIn: 'cookie' }, undefined, clock);
    for (const key of ['K-1', 'K-2', 'K-3']) {
      const err = await failure(c.postJournal(journal(key)));
      expect(err).toMatchObject({ kind: 'auth', retryable: false });
      expect(err.message).toContain('API Login Limit');
    }
    expect(emu.stats.loginsRefused).toBe(1);
    expect(emu.journals).toHaveLength(0);

    await holder.close();
    now += LOGIN_LIMIT_PAUSE_MS;
    expect((await c.postJournal(journal('K-1'))).posted).toBe(true);
    expect(emu.journals.map((j) => j.Description)).toEqual(['K-1']);
    await c.close();
  });
});
