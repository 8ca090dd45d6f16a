/**
 * The one pager for every ERP's collections. Two styles exist among ours:
 * - server-driven next links: OData v4 `@odata.nextLink` (BC, F&O, SAP B1 /b1s/v2) and OData v3
 *   `odata.nextLink` (SAP B1 /b1s/v1, NOTES §3.4, B1GUIDE §3.7), absolute or relative. A relative link
 *   resolves against the URL of the page that carried it (OData v4 part 1 §11.2.5.7 and RFC 3986 §5),
 *   so B1's root-relative "/b1s/v1/Orders?$skip=20" keeps the server, port and scheme;
 * - client-driven `$top`/`$skip` (Acumatica's contract-based API has no next link, NOTES §4.4): ask for
 *   a page of `pageSize` and stop at the first shorter page.
 */

/** A page as the server sends it: an OData collection, or a bare array (Acumatica). */
export type PageBody<T> = readonly T[] | {
  value: readonly T[];
  '@odata.nextLink'?: string;
  'odata.nextLink'?: string;
};

export type Paging = { style: 'next-link' } | { style: 'top-skip'; pageSize: number };

export interface PagerOptions {
  paging?: Paging;
  /** A server that keeps sending next links forever is a bug; stop with an error rather than loop. */
  maxPages?: number;
}

export async function readAllPages<T>(
  firstUrl: string,
  getPage: (url: string) => Promise<PageBody<T>>,
  options: PagerOptions = {},
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages(firstUrl, getPage, options)) out.push(...page);
  return out;
}

/** Page by page, for callers that process as they read instead of holding everything. */
export async function* pages<T>(
  firstUrl: string,
  getPage: (url: string) => Promise<PageBody<T>>,
  options: PagerOptions = {},
): AsyncGenerator<readonly T[]> {
  const paging = options.paging ?? { style: 'next-link' };
  const maxPages = options.maxPages ?? 100_000;
  if (paging.style === 'top-skip' && !(Number.isInteger(paging.pageSize) && paging.pageSize > 0)) {
    throw new RangeError(`A $top/$skip page size must be a positive integer, got ${paging.pageSize}`);
  }
  let url: string | null = paging.style === 'top-skip' ? withTopSkip(firstUrl, paging.pageSize, 0) : firstUrl;
  for (let page = 0; url; page++) {
    if (page >= maxPages) throw new Error(`Stopped after ${maxPages} pages of ${firstUrl}: the server keeps offering another page`);
    const body: PageBody<T> = await getPage(url);
    const rows = isArray(body) ? body : body.value;
    yield rows;
    if (paging.style === 'top-skip') {
      url = rows.length < paging.pageSize ? null : withTopSkip(firstUrl, paging.pageSize, (page + 1) * paging.pageSize);
    } else {
      const next = isArray(body) ? undefined : body['@odata.nextLink'] ?? body['odata.nextLink'];
      url = next ? resolveLink(next, url) : null;
    }
  }
}

/** An absolute link as is; a relative one against the page it came from (when that page's URL is absolute). */
export function resolveLink(link: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return link;
  try {
    return new URL(link, base).href;
  } catch {
    return link;
  }
}

function withTopSkip(url: string, top: number, skip: number): string {
  return `${url}${url.includes('?') ? '&' : '?'}$top=${top}&$skip=${skip}`;
}

function isArray<T>(body: PageBody<T>): body is readonly T[] {
  return Array.isArray(body);
}
