import { describe, expect, it } from 'vitest';
import { compileFilter, ifMatchVerdict, jsonBatch, ODataRequestError, opaqueEtag, pageOf, runBatch, type Page, type PagingStyle } from '../../core/sandbox/odata';
import { FaultPlan } from '../../core/sandbox/faults/fault-plan';
import { IssuedTokens } from '../../core/sandbox/faults/issued-tokens';

const rows = Array.from({ length: 25 }, (_, i) => ({ n: i + 1 }));
const bcStyle: PagingStyle = { maxPageSize: 10, continuation: 'skiptoken', nextLink: 'absolute' };
const sapStyle: PagingStyle = { maxPageSize: 10, continuation: 'skip', nextLink: 'relative' };
const self = { absolute: 'http://host/api/v2.0/companies(1)/items', relative: 'Items' };

/** Follows next links as a client would, collecting every row. */
function readAll(style: PagingStyle, query: string, prefer?: string): { seen: number[]; links: string[] } {
  const seen: number[] = [];
  const links: string[] = [];
  let q: string | undefined = query;
  while (q !== undefined) {
    const page: Page<{ n: number }> = pageOf(rows, new URLSearchParams(q), prefer, style, self);
    seen.push(...page.rows.map((r) => r.n));
    if (page.nextLink) links.push(page.nextLink);
    q = page.nextLink?.split('?')[1];
  }
  return { seen, links };
}

describe('the OData server core', () => {
  it('pages server-side with an absolute $skiptoken link, and client-side with $skip and $top', () => {
    const bc = readAll(bcStyle, '');
    expect(bc.seen).toEqual(rows.map((r) => r.n));
    expect(bc.links[0]).toMatch(/^http:\/\/host\/api\/v2\.0\/companies\(1\)\/items\?%24skiptoken=/);
    expect(readAll(bcStyle, '$skip=5&$top=12').seen).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('continues SAP-style with $skip in a relative link, keeping the client\'s $top across pages', () => {
    const sap = readAll(sapStyle, '$top=22');
    expect(sap.seen).toEqual(rows.slice(0, 22).map((r) => r.n));
    expect(sap.links).toEqual(['Items?%24top=12&%24skip=10', 'Items?%24top=2&%24skip=20']);
  });

  it('honours a smaller Prefer: odata.maxpagesize and says so, never a larger one', () => {
    expect(pageOf(rows, new URLSearchParams(), 'odata.maxpagesize=4', bcStyle, self)).toMatchObject({ preferenceApplied: 'odata.maxpagesize=4' });
    expect(pageOf(rows, new URLSearchParams(), 'odata.maxpagesize=400', bcStyle, self).rows).toHaveLength(10);
  });

  it('refuses a $top that is not a count, and a filter on an unknown property, in the OData library\'s words', () => {
    expect(() => pageOf(rows, new URLSearchParams('$top=ten'), undefined, bcStyle, self)).toThrow(ODataRequestError);
    expect(() => compileFilter("colour eq 'red'", { fields: ['n'], typeName: 'Microsoft.NAV.items' })).toThrow("Could not find a property named 'colour' on type 'Microsoft.NAV.items'.");
    const p = compileFilter('n gt 3 and n le 5 or n eq 25', { fields: ['n'], typeName: 'T' });
    expect(rows.filter(p).map((r) => r.n)).toEqual([4, 5, 25]);
  });

  it('accepts a write with the current ETag or *, and refuses a stale or missing one', () => {
    const etag = opaqueEtag(2, 'abc');
    expect([ifMatchVerdict(etag, etag), ifMatchVerdict('*', etag), ifMatchVerdict(opaqueEtag(1, 'abc'), etag), ifMatchVerdict(undefined, etag)]).toEqual(['matches', 'matches', 'stale', 'missing']);
  });

  it('stops a JSON batch at the first failure unless asked to continue, and reverts a snapshot batch', () => {
    const ops = jsonBatch.parse(JSON.stringify({ requests: [{ id: 'a', method: 'POST', url: 'x' }, { id: 'b', method: 'POST', url: 'fail' }, { id: 'c', method: 'POST', url: 'y' }] }));
    const log: string[] = [];
    const tx = { begin: () => log.push('begin'), commit: () => log.push('commit'), rollback: () => log.push('rollback') };
    const exec = (op: { url: string }) => ({ status: op.url === 'fail' ? 400 : 201, body: undefined });
    expect(runBatch(ops, {}, tx, exec).map((r) => r.id)).toEqual(['a', 'b']);
    expect(runBatch(ops, { prefer: 'odata.continue-on-error' }, tx, exec).map((r) => r.status)).toEqual([201, 400, 201]);
    expect(runBatch(ops, { isolation: 'snapshot', prefer: 'odata.continue-on-error' }, tx, exec).map((r) => r.id)).toEqual(['a', 'b']);
    expect(log).toEqual(['begin', 'rollback']);
    expect(() => jsonBatch.parse('{"requests": 1}')).toThrow('The batch request must contain a "requests" array.');
  });
});

describe('the fault vocabulary', () => {
  it('takes each planned fault by the requests it is aimed at, as many times as asked', () => {
    const plan = new FaultPlan<string, { operation?: string }>((m, op) => !m.operation || m.operation === op, { expireAll: () => undefined });
    plan.throttle(2, { operation: 'getReport' }).dropNext(1);
    expect([plan.take('getOrder'), plan.take('getReport'), plan.take('getReport'), plan.take('getReport')]).toEqual([
      { kind: 'drop' }, { kind: 'status', status: 429 }, { kind: 'status', status: 429 }, null,
    ]);
  });

  it('expires every token issued so far, and only those', () => {
    let now = 1_000;
    const tokens = new IssuedTokens<string>(() => now);
    tokens.issue('old', 'app', 60_000);
    new FaultPlan<string, object>(() => true, tokens).expireTokens();
    tokens.issue('new', 'app', 60_000);
    expect([tokens.check('old').status, tokens.check('new').status, tokens.check('never').status]).toEqual(['expired', 'valid', 'unknown']);
    now += 60_000;
    expect(tokens.check('new').status).toBe('expired');
  });
});
