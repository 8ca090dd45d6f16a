import { describe, expect, it } from 'vitest';
import { allItemsByToken } from '../../core/amazon/next-token-pages';

type Page = { items: number[]; next?: string };

function pagesOf(book: Record<string, Page>) {
  const asked: Array<string | undefined> = [];
  const request = async (token: string | undefined) => {
    asked.push(token);
    const page = book[token ?? 'first'];
    if (!page) throw new Error(`no page for ${token}`);
    return page;
  };
  return { asked, request };
}

describe('Amazon token paging', () => {
  it('asks for each page with the token of the one before and keeps every item in order', async () => {
    const { asked, request } = pagesOf({ first: { items: [1, 2], next: 'a' }, a: { items: [], next: 'b' }, b: { items: [3] } });
    expect(await allItemsByToken('op', request, (p) => p.next, (p) => p.items)).toEqual([1, 2, 3]);
    expect(asked).toEqual([undefined, 'a', 'b']);
  });

  it('ends on an empty token as on a missing one', async () => {
    const { asked, request } = pagesOf({ first: { items: [1], next: '' } });
    expect(await allItemsByToken('op', request, (p) => p.next, (p) => p.items)).toEqual([1]);
    expect(asked).toEqual([undefined]);
  });

  it('refuses a token that comes back unchanged instead of paging forever', async () => {
    const { request } = pagesOf({ first: { items: [1], next: 'same' }, same: { items: [2], next: 'same' } });
    await expect(allItemsByToken('getReports', request, (p) => p.next, (p) => p.items)).rejects.toThrow('getReports returned the same next-page token twice');
  });
});
