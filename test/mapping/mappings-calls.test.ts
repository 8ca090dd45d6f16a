import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { Dispatcher } from '../../core/api/dispatch';
import type { CredentialStore } from '../../core/credentials';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { tempWorkspace } from '../support/temp-workspace';

/** Secrets for the emulator's connection; the keychain itself is covered by the credentials tests. */
class MemoryCredentials implements CredentialStore {
  private readonly m = new Map<string, string>();
  async get(id: string, f: string) { return this.m.get(`${id}/${f}`) ?? null; }
  async set(id: string, f: string, s: string) { this.m.set(`${id}/${f}`, s); }
  async delete(id: string, f: string) { return this.m.delete(`${id}/${f}`); }
  async which(id: string, fields: readonly string[]) { return Object.fromEntries(fields.map((f) => [f, this.m.has(`${id}/${f}`)])); }
}

let bc: BusinessCentralEmulator;
let ws: ReturnType<typeof tempWorkspace>;
let api: Dispatcher;
const C = 'bc-test';
let n = 0;
const call = async <T,>(name: string, input: unknown) => {
  const r = await api.invoke(name, input, `c${n++}`);
  return r as { ok: true; value: T } | { ok: false; error: { code: string; message: string; issues?: { path: string; message: string }[] } };
};
const value = async <T,>(name: string, input: unknown): Promise<T> => {
  const r = await call<T>(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value;
};
const fee = (amountDescription: string, target: string, dimensions: Record<string, string> = {}) => ({ kind: 'fee', transactionType: '*', amountType: 'ItemFees', amountDescription, target, dimensions });

beforeAll(async () => {
  bc = await startBusinessCentralEmulator();
  ws = tempWorkspace(new MemoryCredentials());
  ws.connections.upsert({ id: C, kind: 'business-central', name: 'BC test', settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url } });
  await ws.credentials.set(C, 'clientSecret', bc.clientSecret);
  api = createDispatcher(ws);
});
afterAll(async () => {
  ws.remove();
  await bc.stop();
});

describe('mappings', () => {
  it('says plainly when the connection is missing or is not an ERP', async () => {
    expect(await call('mappings.list', { connectionId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'There is no connection with id nope.' } });
    ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon EU', settings: {} });
    const r = await call('mappings.refreshReference', { connectionId: 'amz' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^Amazon EU is not an ERP connection/) } });
  });

  it('refuses every target before the ERP data has been read, saying to refresh it', async () => {
    const r = await call('mappings.save', { connectionId: C, entry: fee('Commission', '8410') });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!r.ok && r.error.message).toMatch(/accounts of BC test have not been read yet.*Refresh/);
  });

  it('caches the chart of accounts, dimensions, items, customers and tax codes (BC has no freight codes), and reads only what changed the next time', async () => {
    const phases: string[] = [];
    const off = ws.events.subscribe((e) => e.type === 'progress' && phases.push(e.phase));
    const first = await value<{ read: Record<string, number>; incremental: Record<string, boolean> }>('mappings.refreshReference', { connectionId: C });
    expect(first.read).toEqual({ accounts: 13, dimensions: 2, items: 4, customers: 3, taxCodes: 3, freightCodes: 0 });
    expect(first.incremental.accounts).toBe(false);
    off();
    expect(phases).toEqual(['Reading accounts from BC test', 'Reading dimensions from BC test', 'Reading items from BC test', 'Reading customers from BC test', 'Reading tax codes from BC test', 'Reading freight codes from BC test', 'Done']);
    const ref = await value<{ accounts: { code: string; postable: boolean }[]; dimensions: { code: string; values: { code: string }[] }[] }>('mappings.reference', { connectionId: C });
    expect(ref.accounts.find((a) => a.code === '8999')?.postable).toBe(false);
    expect(ref.accounts.find((a) => a.code === '8410')?.postable).toBe(true);
    expect(ref.dimensions.find((d) => d.code === 'MARKETPLACE')?.values.map((v) => v.code)).toContain('AMAZON-DE');

    const second = await value<{ read: Record<string, number>; incremental: Record<string, boolean> }>('mappings.refreshReference', { connectionId: C });
    expect(second.incremental).toMatchObject({ accounts: true, items: true, customers: true, taxCodes: false });
    // Tax codes are read whole each time, so one the ERP deleted leaves the cache.
    expect(second.read).toMatchObject({ accounts: 0, items: 0, customers: 0, taxCodes: 3 });
    // The cache still holds everything read the first time.
    const again = await value<{ accounts: unknown[] }>('mappings.reference', { connectionId: C });
    expect(again.accounts).toHaveLength(13);
  });

  it('refuses an account that does not exist or cannot be posted to, naming it, and saves nothing', async () => {
    const missing = await call('mappings.save', { connectionId: C, entry: fee('Commission', '7777') });
    expect(!missing.ok && missing.error.message).toBe('Account 7777 does not exist in BC test.');
    const heading = await call('mappings.save', { connectionId: C, entry: fee('Commission', '1000') });
    expect(!heading.ok && heading.error.message).toMatch(/^Account 1000 "BALANCE SHEET" cannot be posted to in BC test/);
    const blocked = await value<{ problems: { message: string }[] }>('mappings.check', { connectionId: C, entry: fee('Commission', '8999') });
    expect(blocked.problems[0]?.message).toMatch(/Account 8999 "Closed Account" cannot be posted to/);
    const dim = await call('mappings.save', { connectionId: C, entry: fee('Commission', '8410', { MARKETPLACE: 'AMAZON-XX' }) });
    expect(!dim.ok && dim.error.message).toBe('Dimension MARKETPLACE has no value AMAZON-XX in BC test.');
    expect(await value<unknown[]>('mappings.list', { connectionId: C })).toEqual([]);
  });

  it('saves fee, SKU, marketplace and account-role rules, audits each change with before and after, and feeds the journal rules', async () => {
    await value('mappings.save', { connectionId: C, entry: fee('Commission', '8410', { MARKETPLACE: 'AMAZON-DE' }) });
    await value('mappings.save', { connectionId: C, entry: fee('Commission', '8430') });
    await value('mappings.save', { connectionId: C, entry: { kind: 'sku', subject: 'DESK-01', target: '1896-S' } });
    await value('mappings.save', { connectionId: C, entry: { kind: 'marketplace', subject: 'Amazon.de', target: 'AMZ-DE' } });
    await value('mappings.save', { connectionId: C, entry: { kind: 'account', subject: 'clearing', target: '2920' } });
    await value('mappings.save', { connectionId: C, entry: { kind: 'account', subject: 'reserve', target: '2930' } });
    const list = await value<{ kind: string; target: string; updatedBy: string }[]>('mappings.list', { connectionId: C });
    expect(list.map((r) => `${r.kind}:${r.target}`).sort()).toEqual(['account:2920', 'account:2930', 'fee:8430', 'marketplace:AMZ-DE', 'sku:1896-S']);
    expect(list[0]?.updatedBy).toBe(ws.osUser);

    const change = ws.audit.list({ subjectType: 'mapping' }).find((e) => e.operation === 'mapping.change');
    expect(change).toMatchObject({ kind: 'decision', actor: ws.osUser, connectionId: C, subjectId: '* / ItemFees / Commission' });
    expect(JSON.parse(change!.detail!)).toMatchObject({ before: { target: '8410', dimensions: { MARKETPLACE: 'AMAZON-DE' } }, after: { target: '8430', dimensions: {} } });

    const { MappingStore } = await import('../../core/mapping/mapping-store');
    const rules = new MappingStore(ws.db, ws.audit).toMappingRules(C);
    expect(rules.accounts).toEqual({ clearing: '2920', reserve: '2930', carriedForward: '' });
    expect(rules.rules).toEqual([{ match: { amountType: 'ItemFees', amountDescription: 'Commission' }, account: '8430' }]);
  });

  it('suggests accounts for unmapped fee types with a reason, and applies none of them', async () => {
    await value('mappings.save', { connectionId: C, entry: fee('FBAPerUnitFulfillmentFee', '8420') });
    const before = await value<unknown[]>('mappings.list', { connectionId: C });
    const { unmapped, suggestions } = await value<{ unmapped: { amountDescription: string }[]; suggestions: { type: { amountDescription: string }; account: string; reason: string }[] }>('mappings.suggest', { connectionId: C, catalogue: true });
    expect(unmapped.map((u) => u.amountDescription)).toContain('FBAWeightBasedFee');
    expect(unmapped.map((u) => u.amountDescription)).not.toContain('Commission');
    const weight = suggestions.find((s) => s.type.amountDescription === 'FBAWeightBasedFee');
    expect(weight).toMatchObject({ account: '8420', reason: 'FBAPerUnitFulfillmentFee is also among FBA fulfilment fees and maps to 8420 "FBA Fulfilment Fees".' });
    const transport = suggestions.find((s) => s.type.amountDescription === 'Cost of Advertising');
    expect(transport).toMatchObject({ account: '8430', reason: expect.stringContaining('"advertising"') });
    expect(await value<unknown[]>('mappings.list', { connectionId: C })).toEqual(before);
  });

  it('exports CSV that imports back unchanged, and an import with a bad row names its line and column and changes nothing', async () => {
    const exported = await value<{ csv: string; rows: number }>('mappings.exportCsv', { connectionId: C });
    expect(exported.rows).toBe(6);
    expect(exported.csv.split('\r\n')[0]).toBe('\uFEFFkind,transaction-type,amount-type,amount-description,subject,target,dimensions');
    expect(await value('mappings.importCsv', { connectionId: C, csv: exported.csv })).toEqual({ changed: 0, unchanged: 6 });

    const auditBefore = ws.audit.list({ subjectType: 'mapping' }).length;
    const bad = [
      'kind,transaction-type,amount-type,amount-description,subject,target,dimensions',
      'fee,*,ItemFees,Commission,,8440,',
      'sku,,,,DESK-02,1900-S,',
      'fee,*,ItemFees,RefundCommission,,8999,',
    ].join('\n');
    const r = await call('mappings.importCsv', { connectionId: C, csv: bad });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'line 4, column target', message: expect.stringMatching(/^Account 8999 "Closed Account" cannot be posted to/) }] } });
    expect(!r.ok && r.error.message).toMatch(/^Nothing was imported/);
    const after = await value<{ kind: string; target: string; subject: string }[]>('mappings.list', { connectionId: C });
    expect(after.find((x) => x.subject === 'DESK-02')).toBeUndefined();
    expect(after.some((x) => x.target === '8440')).toBe(false);
    expect(ws.audit.list({ subjectType: 'mapping' })).toHaveLength(auditBefore);

    const good = await value<{ changed: number }>('mappings.importCsv', { connectionId: C, csv: bad.split('\n').slice(0, 3).join('\n') });
    expect(good.changed).toBe(2);
    expect(ws.audit.list({ subjectType: 'mapping' })[0]).toMatchObject({ detail: expect.stringContaining('csv-import') });
  });
});

describe('refreshing ERP data', () => {
  it('can be cancelled, and keeps nothing half-read', async () => {
    const slow = await startBusinessCentralEmulator({ latencyMs: 300 });
    const w = tempWorkspace(new MemoryCredentials());
    try {
      w.connections.upsert({ id: 'slow', kind: 'business-central', name: 'Slow BC', settings: { deployment: 'online', tenantId: slow.tenantId, environment: slow.environment, clientId: slow.clientId, endpointOverride: slow.url } });
      await w.credentials.set('slow', 'clientSecret', slow.clientSecret);
      const d = createDispatcher(w);
      const running = d.invoke('mappings.refreshReference', { connectionId: 'slow' }, 'refresh-1');
      await new Promise((r) => setTimeout(r, 100));
      expect(d.cancel('refresh-1')).toBe(true);
      expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      const ref = await d.invoke('mappings.reference', { connectionId: 'slow' }, 'r');
      expect(ref).toMatchObject({ ok: true, value: { accounts: [], refreshedAt: {} } });
    } finally {
      w.remove();
      await slow.stop();
    }
  });
});
