import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { createDispatcher } from '../../core/api/handlers';
import { clockStartingAt } from '../../core/clock/clock';
import { DEMO_ACUMATICA_CONNECTION_ID } from '../../core/demo/demo-acumatica';
import { DEMO_FO_CONNECTION_ID } from '../../core/demo/demo-fo';
import { DEMO_BC_CONNECTION_ID, DEMO_SAP_B1_CONNECTION_ID, startDemo } from '../../core/demo/demo-workspace';
import type { ErpConnector, NewAccount, ReferenceDataKind } from '../../core/erp/erp-connector';
import { ErpError } from '../../core/erp/erp-error';
import { BUSINESS_CENTRAL_STARTER_CHART } from '../../core/erp/business-central/starter-chart';
import { applyStarterChart } from '../../core/mapping/starter-chart-plan';
import { MappingStore } from '../../core/mapping/mapping-store';
import { MAPPABLE_CATEGORIES } from '../../core/mapping/mapping-entry';
import { STARTER_USES } from '../../core/erp/starter-chart';
import { openWorkspace } from '../../core/workspace/workspace';
import { DEMO_CLOCK_START, ok } from '../support/demo-fixture';
import { tempDir } from '../support/temp-workspace';
import { MemoryCredentials } from '../sync/sync-fixture';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The demo without its starter mappings, as `serve --demo --unmapped` opens it. */
async function unmappedDemo() {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), demo: true, clock: clockStartingAt(DEMO_CLOCK_START) });
  cleanups.push(() => ws.close());
  const demo = await startDemo(ws, { starterMappings: false });
  cleanups.push(() => demo.stop());
  return { ws, demo, api: createDispatcher(ws) };
}

describe('starter chart', () => {
  it('every use names a category a rule may map', () => {
    const categories = Object.values(STARTER_USES).flatMap((p) => p.uses).flatMap((u) => ('category' in u ? [u.category] : []));
    expect(categories.filter((c) => !MAPPABLE_CATEGORIES.includes(c))).toEqual([]);
  });

  it('Business Central: lists what exists and what will be created, creates the missing accounts and maps them in one step, and a second time creates nothing', async () => {
    const { api, demo, ws } = await unmappedDemo();
    const conn = { connectionId: DEMO_BC_CONNECTION_ID };
    const plan = ok<CallOutput<'mappings.starterChart'>>(await api.invoke('mappings.starterChart', conn, 'p1'));
    expect(plan).toMatchObject({ available: true, canCreate: true });
    expect(plan.accounts.filter((a) => !a.existing).map((a) => `${a.number} ${a.name}`)).toEqual([
      '2960 Purchase VAT on Amazon Fees', '6120 Amazon Reimbursements', '8450 Amazon Storage Fees', '8460 Amazon Subscription and Other Fees',
    ]);
    expect(plan.accounts.find((a) => a.number === '2920')).toMatchObject({ existing: { name: 'Amazon Clearing', postable: true } });
    expect(plan.rules.find((r) => r.label === 'Subscription fees')).toEqual({ account: '8460', label: 'Subscription fees', state: 'new', current: null });
    expect(plan.rules.find((r) => r.label === 'Refund / ItemPrice / Principal')).toMatchObject({ account: '6110', state: 'new' });

    // The user's own rule for advertising stays where it is.
    ok(await api.invoke('mappings.save', { ...conn, entry: { kind: 'category', subject: 'advertising', target: '8440' } }, 's1'));
    const result = ok<CallOutput<'mappings.createStarterChart'>>(await api.invoke('mappings.createStarterChart', conn, 'c1'));
    expect(result.created).toEqual(['2960', '6120', '8450', '8460']);
    expect(result.kept).toBe(1);
    const rules = ok<CallOutput<'mappings.list'>>(await api.invoke('mappings.list', conn, 'l1'));
    expect(rules.find((r) => r.kind === 'category' && r.subject === 'advertising')?.target).toBe('8440');
    expect(rules.find((r) => r.kind === 'category' && r.subject === 'subscription-fee')?.target).toBe('8460');
    expect(rules.find((r) => r.kind === 'account' && r.subject === 'clearing')?.target).toBe('2920');
    expect(rules.find((r) => r.kind === 'fee' && r.transactionType === 'Refund' && r.amountDescription === 'Principal')?.target).toBe('6110');

    // In Business Central: the accounts are there, as posting accounts with their names and the type each was made with.
    const reference = ok<CallOutput<'mappings.reference'>>(await api.invoke('mappings.reference', conn, 'r1'));
    expect(reference.accounts.find((a) => a.code === '8460')).toEqual({ code: '8460', name: 'Amazon Subscription and Other Fees', postable: true, nature: 'expense', typeLabel: 'Expense' });

    const again = ok<CallOutput<'mappings.createStarterChart'>>(await api.invoke('mappings.createStarterChart', conn, 'c2'));
    expect(again).toMatchObject({ created: [], mapped: 0, kept: 1 });
    const after = ok<CallOutput<'mappings.starterChart'>>(await api.invoke('mappings.starterChart', conn, 'p2'));
    expect(after.accounts.every((a) => a.existing)).toBe(true);
    expect(ws.audit.list({ kind: 'decision' }).filter((e) => e.operation === 'mapping.starter-chart').map((e) => JSON.parse(String(e.detail)) as unknown).reverse()).toEqual([
      { created: ['2960', '6120', '8450', '8460'], existingAtCreate: [], mapped: expect.any(Number) },
      { created: [], existingAtCreate: [], mapped: 0 },
    ]);
    expect(demo.erps.get(DEMO_BC_CONNECTION_ID)).toBeDefined();
  });

  it('SAP Business One: the missing accounts are created over the Service Layer and mapped', async () => {
    const { api } = await unmappedDemo();
    const conn = { connectionId: DEMO_SAP_B1_CONNECTION_ID };
    const plan = ok<CallOutput<'mappings.starterChart'>>(await api.invoke('mappings.starterChart', conn, 'p1'));
    expect(plan.accounts.filter((a) => !a.existing).map((a) => a.number)).toEqual(['_SYS00000000016', '_SYS00000000023', '_SYS00000000035']);
    const result = ok<CallOutput<'mappings.createStarterChart'>>(await api.invoke('mappings.createStarterChart', conn, 'c1'));
    expect(result).toMatchObject({ created: ['_SYS00000000016', '_SYS00000000023', '_SYS00000000035'], kept: 0 });
    const reference = ok<CallOutput<'mappings.reference'>>(await api.invoke('mappings.reference', conn, 'r1'));
    expect(reference.accounts.find((a) => a.code === '_SYS00000000035')).toEqual({ code: '_SYS00000000035', name: 'Advertising - Amazon', postable: true, nature: 'expense', typeLabel: 'Expenses' });
    const rules = ok<CallOutput<'mappings.list'>>(await api.invoke('mappings.list', conn, 'l1'));
    expect(rules.find((r) => r.kind === 'category' && r.subject === 'advertising')?.target).toBe('_SYS00000000035');
  });

  it('Acumatica: the missing accounts are created with PUT Account and mapped; the ones there are left as they are', async () => {
    const { api } = await unmappedDemo();
    const conn = { connectionId: DEMO_ACUMATICA_CONNECTION_ID };
    const plan = ok<CallOutput<'mappings.starterChart'>>(await api.invoke('mappings.starterChart', conn, 'p1'));
    expect(plan.accounts.filter((a) => !a.existing).map((a) => a.number)).toEqual(['10300', '40200', '60500']);
    expect(ok<CallOutput<'mappings.createStarterChart'>>(await api.invoke('mappings.createStarterChart', conn, 'c1')).created).toEqual(['10300', '40200', '60500']);
    const reference = ok<CallOutput<'mappings.reference'>>(await api.invoke('mappings.reference', conn, 'r1'));
    expect(reference.accounts.find((a) => a.code === '40200')).toEqual({ code: '40200', name: 'Amazon Reimbursements', postable: true, nature: 'revenue', typeLabel: 'Income' });
    expect(reference.accounts.find((a) => a.code === '60400')?.name).toBe('Subscription');
    expect(ok<CallOutput<'mappings.createStarterChart'>>(await api.invoke('mappings.createStarterChart', conn, 'c2'))).toMatchObject({ created: [], mapped: 0 });
  });

  it('Finance and Operations: the missing main accounts are created in the shared chart and mapped', async () => {
    const { api } = await unmappedDemo();
    const conn = { connectionId: DEMO_FO_CONNECTION_ID };
    const plan = ok<CallOutput<'mappings.starterChart'>>(await api.invoke('mappings.starterChart', conn, 'p1'));
    expect(plan.accounts.filter((a) => !a.existing).map((a) => a.number)).toEqual(['2940', '6120', '8430']);
    expect(ok<CallOutput<'mappings.createStarterChart'>>(await api.invoke('mappings.createStarterChart', conn, 'c1')).created).toEqual(['2940', '6120', '8430']);
    const reference = ok<CallOutput<'mappings.reference'>>(await api.invoke('mappings.reference', conn, 'r1'));
    expect(reference.accounts.find((a) => a.code === '6120')).toEqual({ code: '6120', name: 'Amazon reimbursements', postable: true, nature: 'revenue', typeLabel: 'Revenue' });
    const rules = ok<CallOutput<'mappings.list'>>(await api.invoke('mappings.list', conn, 'l1'));
    expect(rules.find((r) => r.kind === 'account' && r.subject === 'carriedForward')?.target).toBe('2920');
  });

  it('an account the ERP refuses stops the step in the ERP\'s words, names what was created before it, and maps nothing', async () => {
    const { ws } = await unmappedDemo();
    const chart: { code: string; name: string }[] = [{ code: '2920', name: 'Amazon Clearing' }];
    const asked: string[] = [];
    const connector = {
      system: 'fake', capabilities: { flows: ['settlementJournals', 'referenceData', 'accountCreation'] },
      readReferenceData: async (kind: ReferenceDataKind) => ({ records: kind === 'accounts' ? chart.map((a) => ({ id: a.code, code: a.code, name: a.name, postable: true, lastModified: null })) : [], watermark: null }),
      createAccount: async (a: NewAccount) => {
        asked.push(a.number);
        if (a.number === '6120') throw new ErpError('Business Central (demo) refused the request: The G/L Account 6120 is blocked for creation by your permission set.', { system: 'fake', kind: 'validation' });
        chart.push({ code: a.number, name: a.name });
        return 'created' as const;
      },
    } as unknown as ErpConnector;
    await expect(applyStarterChart({ db: ws.db, audit: ws.audit, actor: 'ana', connection: { id: DEMO_BC_CONNECTION_ID, name: 'Business Central (demo)' }, connector, chart: BUSINESS_CENTRAL_STARTER_CHART }))
      .rejects.toThrow('Business Central (demo) did not create account 6120 Amazon Reimbursements: Business Central (demo) refused the request: The G/L Account 6120 is blocked for creation by your permission set. Created before it: 2930, 2960, 6100, 6110. Nothing was mapped.');
    expect(asked.slice(-1)).toEqual(['6120']);
    expect(new MappingStore(ws.db, ws.audit).list(DEMO_BC_CONNECTION_ID)).toEqual([]);
  });
});
