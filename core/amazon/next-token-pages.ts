/**
 * Amazon's token paging, written once: each page names the token of the next one, and the next request
 * carries it (as `nextToken`, `NextToken` or `paginationToken`, alone or with the first request's
 * arguments: each operation's builder decides). An empty token ends the paging like a missing one. A
 * token that comes back unchanged would page forever; that is refused with the operation's name.
 */
export async function* pagesByToken<P>(
  operation: string,
  requestPage: (token: string | undefined) => Promise<P>,
  nextTokenOf: (page: P) => string | undefined,
): AsyncGenerator<P> {
  let token: string | undefined;
  do {
    const page = await requestPage(token);
    yield page;
    const next = nextTokenOf(page) || undefined;
    if (next !== undefined && next === token) throw new Error(`${operation} returned the same next-page token twice; stopped paging instead of looping.`);
    token = next;
  } while (token);
}

/** Every item of every page, in order. */
export async function allItemsByToken<P, T>(
  operation: string,
  requestPage: (token: string | undefined) => Promise<P>,
  nextTokenOf: (page: P) => string | undefined,
  itemsOf: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pagesByToken(operation, requestPage, nextTokenOf)) {
    const items = itemsOf(page);
    if (items) for (const item of items) out.push(item);
  }
  return out;
}
