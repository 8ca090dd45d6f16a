import { afterEach, describe, expect, it } from 'vitest';
import { ErpError } from '../../../core/erp/erp-error';
import type { AcumaticaEmulator } from '../../../core/sandbox/acumatica/emulator';
import { connector, emulator, journal, START } from './acumatica-fixtures';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});
async function start(o: Parameters<typeof emulator>[0] = {}): Promise<AcumaticaEmulator> {
  const emu = await emulator(o);
  stops.push(emu.stop);
  return emu;
}

describe('Acumatica settlement journals', () => {
  it('creates one GL batch described by the natural key, releases it, and finds it again instead of creating another', async () => {
    const emu = await start();
    const c = connector(emu);
    const first = await c.postJournal(journal());
    expect(first).toEqual({ documentNumber: '000001', alreadyExisted: false, posted: true });
    const batch = emu.journals[0]!;
    expect(batch).toMatchObject({ Module: 'GL', Description: '28471003921-202606-JNL-V1', Status: 'Posted', BranchID: 'HEADOFFICE', CurrencyID: 'USD', TransactionDate: '2026-06-30' });
    expect(batch.Details.map((d) => [d.Account, d.Subaccount, d.DebitAmount, d.CreditAmount])).toEqual([
      ['10200', '000-000', 123.45, 0], ['60100', '000-000', 10, 0], ['40000', '100-AMZUS', 0, 133.45],
    ]);
    const again = await c.postJournal(journal());
    expect(again).toEqual({ documentNumber: '000001', alreadyExisted: true, posted: true });
    expect(emu.journals).toHaveLength(1);
    expect(emu.stats.releases).toBe(1);
    expect(await c.findByNaturalKey('journal', '28471003921-202606-JNL-V1')).toEqual({ kind: 'journal', documentNumber: '000001', state: 'posted' });
    expect(await c.findByNaturalKey('journal', 'nothing-like-it')).toBeNull();
  });

  it('a batch the tenant leaves unposted after release is reported as not posted', async () => {
    const emu = await start({ autoPostOnRelease: false });
    const r = await connector(emu).postJournal(journal());
    expect(r).toEqual({ documentNumber: '000001', alreadyExisted: false, posted: false });
    expect(emu.journals[0]!.Status).toBe('Unposted');
  });

  it('a connection dropped after Acumatica created the batch leaves one batch, released once', async () => {
    const emu = await start();
    emu.faults.dropAfterProcessing(1, { path: /^PUT \/JournalTransaction$/ });
    const r = await connector(emu).postJournal(journal());
    expect(r.documentNumber).toBe('000001');
    expect(emu.journals).toHaveLength(1);
    expect(emu.stats.puts).toBe(1);
    expect(emu.stats.releases).toBe(1);
    expect(emu.journals[0]!.Status).toBe('Posted');
  });

  it('a connection dropped during the release leaves one batch, released once', async () => {
    const emu = await start();
    emu.faults.dropAfterProcessing(1, { path: /ReleaseJournalTransaction$/ });
    const r = await connector(emu).postJournal(journal());
    expect(r).toMatchObject({ documentNumber: '000001', posted: true });
    expect(emu.journals).toHaveLength(1);
    expect(emu.stats.releases).toBe(1);
  });

  it('a batch found balanced (created, never released) is released, not created again', async () => {
    const emu = await start();
    emu.faults.dropNext(1, { path: /ReleaseJournalTransaction$/ });
    const c = connector(emu);
    const r = await c.postJournal(journal());
    expect(r).toMatchObject({ documentNumber: '000001', posted: true });
    expect(emu.stats.puts).toBe(1);
    expect(emu.stats.releases).toBe(1);
  });

  it('a business error answered as HTTP 500 is not retried and shows Acumatica\'s own words', async () => {
    const emu = await start({ closedPeriods: ['062026'] });
    const err = await connector(emu).postJournal(journal()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErpError);
    expect((err as ErpError).kind).toBe('validation');
    expect((err as ErpError).retryable).toBe(false);
    expect((err as ErpError).message).toContain('The 06-2026 financial period is closed in the General Ledger module.');
    expect((err as ErpError).message).toContain('28471003921-202606-JNL-V1');
    expect(emu.stats.releases).toBe(1);
    expect(emu.journals).toHaveLength(1);
  });

  it('an inactive account is refused with the field named (422), before any batch exists', async () => {
    const emu = await start();
    const doc = journal();
    const bad = { ...doc, lines: doc.lines.map((l, i) => (i === 1 ? { ...l, accountNumber: '69900' } : l)) };
    const err = (await connector(emu).postJournal(bad).catch((e: unknown) => e)) as ErpError;
    expect(err.kind).toBe('validation');
    expect(err.httpStatus).toBe(422);
    expect(err.message).toBe("document 28471003921-202606-JNL-V1: Acumatica refused the journal: Account '69900' is inactive.");
    expect(emu.journals).toHaveLength(0);
  });

  it('throttled requests wait and go through; an expired token is renewed once', async () => {
    const emu = await start();
    emu.faults.throttle(2, { path: /^PUT / });
    const c = connector(emu);
    await c.postJournal(journal('K-1'));
    emu.faults.expireTokens();
    await c.postJournal(journal('K-2'));
    expect(emu.journals.map((j) => j.Description)).toEqual(['K-1', 'K-2']);
    expect(c.logins).toBe(2);
  });

  it('stays within the in-flight limit while posting many journals at once', async () => {
    const emu = await start();
    const c = connector(emu, { maxInFlight: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.postJournal(journal(`K-${i}`))));
    expect(emu.journals).toHaveLength(8);
    expect(emu.stats.peakConcurrent).toBeLessThanOrEqual(2);
    expect(c.http.gate.peakConcurrency).toBe(2);
  });
});

describe('Acumatica sign-in and connection', () => {
  it('reads the version list, signs in and reports the ledger currency', async () => {
    const emu = await start();
    const info = await connector(emu).testConnection();
    expect(info).toMatchObject({ companyId: 'Company', version: 'Default/24.200.001, build 24.200.0123', localCurrency: 'USD', principal: 'admin@Company' });
  });

  it('refuses an endpoint version the instance does not serve, in plain words', async () => {
    const emu = await start();
    const err = (await connector(emu, { endpointVersion: '22.200.001' }).testConnection().catch((e: unknown) => e)) as ErpError;
    expect(err.message).toBe("This Acumatica instance does not serve the Default endpoint in version 22.200.001; it serves 23.200.001, 24.200.001. Choose one of those in the connection's settings.");
  });

  it('a cookie session is signed out when the connector closes, freeing the licence seat', async () => {
    const emu = await start();
    const c = connector(emu, { signIn: 'cookie' });
    await c.postJournal(journal());
    expect(emu.sessions()).toBe(1);
    await c.close();
    expect(emu.sessions()).toBe(0);
    expect(emu.stats.logouts).toBe(1);
  });

  it('a refused sign-in over the licence says "API Login Limit" and is not tried again', async () => {
    const emu = await start({ maxApiUsers: 1 });
    const holder = connector(emu, { signIn: 'cookie' });
    await holder.testConnection();
    const c = connector(emu, { signIn: 'cookie' });
    const err = (await c.postJournal(journal()).catch((e: unknown) => e)) as ErpError;
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('API Login Limit');
    expect(c.logins).toBe(1);
    expect(emu.journals).toHaveLength(0);
    await holder.close();
  });

  it('signs in with a refresh token from a browser sign-in (authorization code)', async () => {
    const emu = await start();
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: 'demo-authorization-code', client_id: '3F2504E0-4F89-11D3-9A0C-0305E82C3301@Company', client_secret: 'acu-secret' });
    const tokens = (await (await fetch(`${emu.url}/identity/connect/token`, { method: 'POST', body: form })).json()) as { refresh_token: string };
    const c = connector(emu, { signIn: 'authorization-code', username: undefined }, { clientSecret: 'acu-secret', refreshToken: tokens.refresh_token });
    expect((await c.postJournal(journal())).posted).toBe(true);
  });

  it('reads accounts with their postable flag page by page, and subaccounts as the one dimension', async () => {
    const emu = await start();
    const c = connector(emu);
    const accounts = await c.readReferenceData('accounts');
    expect(accounts.records).toHaveLength(12);
    expect(accounts.records.find((a) => a.code === '69900')).toMatchObject({ postable: false, name: 'Old Suspense (inactive)' });
    // The newest record's LastModifiedDateTime: the emulator stamps its seed as it starts, a few ms after START on a busy machine.
    expect(Date.parse(accounts.watermark!) - START).toBeGreaterThanOrEqual(0);
    expect(Date.parse(accounts.watermark!) - START).toBeLessThan(5_000);
    expect((await c.readReferenceData('accounts', accounts.watermark)).records).toEqual([]);
    const dims = await c.readReferenceData('dimensions');
    expect(dims.records.map((d) => d.code)).toEqual(['SUBACCOUNT']);
    expect(dims.records[0]!.values!.map((v) => [v.code, v.postable])).toContainEqual(['900-OLD', false]);
  });

  it('reads its taxes (Tax: TaxID, Description) as tax codes, and no freight codes', async () => {
    const emu = await start();
    const c = connector(emu);
    expect((await c.readReferenceData('taxCodes')).records.map((r) => [r.code, r.name])).toEqual([['CASALES', 'California sales tax'], ['NYSALES', 'New York sales tax'], ['EXEMPT', 'Tax exempt']]);
    expect(await c.readReferenceData('freightCodes')).toEqual({ records: [], watermark: null });
  });
});
