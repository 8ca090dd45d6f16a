import { afterEach, describe, expect, it } from 'vitest';
import { readAllPages, type PageBody } from '../../core/erp/pager';
import { client, json, localServer } from './transport-fixtures';

type Server = Awaited<ReturnType<typeof localServer>>;
let server: Server | null = null;
afterEach(async () => { await server?.close(); server = null; });

const ORDERS = [1, 2, 3, 4, 5].map((n) => ({ DocEntry: n }));

/** Serves ORDERS two at a time, writing the next link the way `style` says. */
async function pagedServer(style: 'absolute' | 'relative' | 'root-relative-v3') {
  const s = await localServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const skip = Number(url.searchParams.get('$skip') ?? 0);
    const value = ORDERS.slice(skip, skip + 2);
    const more = skip + 2 < ORDERS.length;
    const next = style === 'absolute' ? `${s.base}/b1s/v2/Orders?$skip=${skip + 2}`
      : style === 'relative' ? `Orders?$skip=${skip + 2}`
        : `/b1s/v1/Orders?$skip=${skip + 2}`;
    // OData v3 (B1 /b1s/v1) names it odata.nextLink, v4 @odata.nextLink (NOTES §3.4).
    const key = style === 'root-relative-v3' ? 'odata.nextLink' : '@odata.nextLink';
    json(res, 200, { value, ...(more ? { [key]: next } : {}) });
  });
  return s;
}

describe('one pager for every ERP', () => {
  for (const style of ['absolute', 'relative', 'root-relative-v3'] as const) {
    it(`follows ${style} next links to the last page`, async () => {
      server = await pagedServer(style);
      const http = client();
      const prefix = style === 'root-relative-v3' ? '/b1s/v1' : '/b1s/v2';
      const rows = await readAllPages(`${server.base}${prefix}/Orders?$filter=DocTotal%20gt%200`, async (url) => (await http.send({ operation: 'GET Orders', method: 'GET', url })).json<PageBody<{ DocEntry: number }>>());
      expect(rows).toEqual(ORDERS);
      expect(server.received.map((r) => r.url)).toEqual([`${prefix}/Orders?$filter=DocTotal%20gt%200`, `${prefix}/Orders?$skip=2`, `${prefix}/Orders?$skip=4`]);
    });
  }

  it('pages with $top/$skip over bare arrays and stops at the first short page (Acumatica, NOTES §4.4)', async () => {
    server = await localServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const top = Number(url.searchParams.get('$top'));
      const skip = Number(url.searchParams.get('$skip'));
      json(res, 200, ORDERS.slice(skip, skip + top));
    });
    const http = client();
    const rows = await readAllPages(`${server.base}/entity/Default/24.200.001/SalesOrder?$filter=Status%20eq%20'Open'`, async (url) => (await http.send({ operation: 'GET SalesOrder', method: 'GET', url })).json<PageBody<{ DocEntry: number }>>(), { paging: { style: 'top-skip', pageSize: 2 } });
    expect(rows).toEqual(ORDERS);
    expect(server.received.map((r) => decodeURIComponent(new URL(r.url, 'http://x').search))).toEqual([
      "?$filter=Status eq 'Open'&$top=2&$skip=0",
      "?$filter=Status eq 'Open'&$top=2&$skip=2",
      "?$filter=Status eq 'Open'&$top=2&$skip=4",
    ]);
  });

  it('stops with an error when a server keeps offering another page', async () => {
    const endless = async (): Promise<PageBody<number>> => ({ value: [1], '@odata.nextLink': 'https://erp.example/again' });
    await expect(readAllPages('https://erp.example/first', endless, { maxPages: 3 })).rejects.toThrow('Stopped after 3 pages of https://erp.example/first');
  });
});
