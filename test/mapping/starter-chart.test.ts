import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { createDispatcher } from '../../core/api/handlers';
import { clockStartingAt } from '../../core/clock/clock';
import { DEMO_BC_CONNECTION_ID, startDemo } from '../../core/demo/demo-workspace';
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

    // In Business Central: the accounts are there, as posting accounts with their names.
    const reference = ok<CallOutput<'mappings.reference'>>(await api.invoke('mappings.reference', conn, 'r1'));
    expect(reference.accounts.find((a) => a.code === '8460')).toEqual({ code: '8460', name: 'Amazon Subscription and Other Fees', postable: true });

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
});
