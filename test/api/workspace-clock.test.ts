import { inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { SecretMetaRepository } from '../../core/connections/connection-repository';
import { DEMO_BC_CONNECTION_ID } from '../../core/demo/demo-business-central';
import { DEMO_AMAZON_CONNECTION_ID } from '../../core/demo/demo-workspace';
import { PostingLease } from '../../core/posting/lease';
import { DEMO_CLOCK_START, ok, startedDemo } from '../support/demo-fixture';
import { pdfText } from '../reports/pdf-text';

/**
 * A workspace started on a pinned clock (a rehearsal, the e2e specs) lives on that clock in every call: what a
 * call stamps, counts or compares is on the workspace's time, never on the day the machine happens to be at.
 */
const DAY = 86_400_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An instant a few minutes after the demo's clock started (the calls in between take real time). */
const onDemoClock = (iso: string | null) => {
  const t = Date.parse(iso ?? '');
  expect(t, `${iso} is on the demo's clock`).toBeGreaterThanOrEqual(DEMO_CLOCK_START);
  expect(t, `${iso} is on the demo's clock`).toBeLessThan(DEMO_CLOCK_START + 10 * 60_000);
};

/** The page text of a PDF as the export writes it, its content streams deflated. */
const exportedPdfText = (base64: string) => {
  const streams = [...Buffer.from(base64, 'base64').toString('latin1').matchAll(/stream\n([\s\S]*?)\nendstream/g)];
  return pdfText(Buffer.concat(streams.map((m) => inflateSync(Buffer.from(m[1]!, 'latin1'))))).text;
};

describe('calls on a workspace with a pinned clock', () => {
  it("Test connection counts the Amazon secret's age on the workspace's clock, the clock that dated its entry", async () => {
    const { ws, api } = await startedDemo(cleanups);
    const test = async () => ok<CallOutput<'connections.test'>>(await api.invoke('connections.test', { id: DEMO_AMAZON_CONNECTION_ID }, 't'));
    // The demo entered its secret when its clock started: new, however far the wall clock is from that day.
    const fresh = await test();
    expect(fresh.status).toBe('ok');
    expect(fresh.details.join('\n')).not.toMatch(/days ago/);
    new SecretMetaRepository(ws.db).markEntered(DEMO_AMAZON_CONNECTION_ID, 'clientSecret', new Date(DEMO_CLOCK_START - 160 * DAY));
    expect((await test()).details.join('\n')).toMatch(/The LWA client secret was entered 160 days ago\. .* before 2026-07-10\./);
  });

  it('a posting run started through the API finds the lease an auto-post job holds on the same clock, and says who holds it', async () => {
    const { ws, api } = await startedDemo(cleanups);
    ok(await api.invoke('settlements.importNew', {}, 'i'));
    const [settlement] = ok<CallOutput<'settlements.list'>>(await api.invoke('settlements.list', {}, 's'));
    const job = new PostingLease(ws.db, { now: () => new Date(ws.clock.now()) }).acquire('sync job "Auto-post"', 'auto-posting to Business Central (demo)');
    cleanups.push(() => job.release());
    const listed = ok<CallOutput<'posting.list'>>(await api.invoke('posting.list', { settlementId: settlement!.settlementId }, 'l'));
    expect(listed.run).toMatchObject({ holder: 'sync job "Auto-post"', purpose: 'auto-posting to Business Central (demo)' });
    onDemoClock(listed.run!.acquiredAt);
    const refused = await api.invoke('posting.post', { versionId: settlement!.versionId, connectionId: DEMO_BC_CONNECTION_ID }, 'p');
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^Another posting run is working in this workspace: sync job "Auto-post"/) } });
  });

  it('the outbox, a mapping rule, the reference data read and the auto-post switch are stamped on the workspace clock', async () => {
    const { api } = await startedDemo(cleanups);
    const BC = DEMO_BC_CONNECTION_ID;
    ok(await api.invoke('settlements.importNew', {}, 'i'));
    const usd = ok<CallOutput<'settlements.list'>>(await api.invoke('settlements.list', {}, 's')).find((s) => s.currency === 'USD')!;
    const open = ok<CallOutput<'review.list'>>(await api.invoke('review.list', { connectionId: BC, state: 'open' }, 'r'));
    for (const item of open.items.filter((i) => i.settlementId === usd.settlementId)) {
      if (item.kind === 'unmapped-fee') ok(await api.invoke('review.resolve', { itemId: item.id, connectionId: BC, resolution: { action: 'map', target: '8410' } }, `f${item.id}`));
      else if (item.severity !== 'blocking') ok(await api.invoke('review.resolve', { itemId: item.id, connectionId: BC, resolution: { action: 'acknowledge' } }, `a${item.id}`));
    }
    ok(await api.invoke('review.approve', { versionId: usd.versionId, connectionId: BC }, 'ap'));
    expect(ok<CallOutput<'posting.post'>>(await api.invoke('posting.post', { versionId: usd.versionId, connectionId: BC }, 'p'))).toMatchObject({ outcome: 'completed', failed: [] });
    const { documents } = ok<CallOutput<'posting.list'>>(await api.invoke('posting.list', { settlementId: usd.settlementId }, 'l'));
    expect(documents.length).toBeGreaterThan(0);
    for (const d of documents) onDemoClock(d.updatedAt);

    ok(await api.invoke('mappings.save', { connectionId: BC, entry: { kind: 'account', subject: 'reserve', target: '2940' } }, 'm'));
    const rules = ok<CallOutput<'mappings.list'>>(await api.invoke('mappings.list', { connectionId: BC }, 'ml'));
    onDemoClock(rules.find((r) => r.kind === 'account' && r.subject === 'reserve')!.updatedAt);
    // The starter mappings the demo saved when it started, too.
    for (const r of rules) onDemoClock(r.updatedAt);

    // The chart of accounts the demo read when it started, and read again through the Mappings screen.
    onDemoClock(ok<CallOutput<'mappings.reference'>>(await api.invoke('mappings.reference', { connectionId: BC }, 'rf0')).refreshedAt.accounts ?? null);
    ok(await api.invoke('mappings.refreshReference', { connectionId: BC }, 'rf1'));
    onDemoClock(ok<CallOutput<'mappings.reference'>>(await api.invoke('mappings.reference', { connectionId: BC }, 'rf2')).refreshedAt.accounts ?? null);

    const policy = ok<CallOutput<'jobs.setAutoPost'>>(await api.invoke('jobs.setAutoPost', { erpConnectionId: BC, enabled: true, rule: { kind: 'approved-by-person', approvers: [] } }, 'ap2'));
    onDemoClock(policy.changedAt);
  });

  it('an exported reconciliation PDF says it was generated on the workspace clock, in its footer and its metadata', async () => {
    const { api } = await startedDemo(cleanups);
    ok(await api.invoke('settlements.importNew', {}, 'i'));
    const [settlement] = ok<CallOutput<'settlements.list'>>(await api.invoke('settlements.list', {}, 's'));
    const file = ok<CallOutput<'reports.export'>>(await api.invoke('reports.export', { scope: 'settlement', id: settlement!.settlementId, format: 'pdf' }, 'x'));
    expect(exportedPdfText(file.contentBase64)).toMatch(/generated 2026-06-20 12:0\d UTC/);
    // pdfkit writes the creation date as its own object: the only date string in the file.
    expect(Buffer.from(file.contentBase64, 'base64').toString('latin1').match(/\(D:\d{14}Z\)/g)).toEqual([expect.stringMatching(/^\(D:2026062012\d{4}Z\)$/)]);
  });
});
