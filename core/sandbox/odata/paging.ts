import { preferredPageSize } from './query-options';
import { querySyntaxError } from './odata-error';

/**
 * How a service continues a collection it cut short. BC (and F&O) put an opaque `$skiptoken` in an
 * absolute `@odata.nextLink`; SAP B1's Service Layer puts `$skip=n` in a link relative to the service root.
 */
export interface PagingStyle {
  /** Most rows one answer holds, whatever the client prefers (BC online: 20,000). */
  maxPageSize: number;
  continuation: 'skiptoken' | 'skip';
  /** Absolute: the request's own URL; relative: the entity-set path the link is resolved against. */
  nextLink: 'absolute' | 'relative';
}

export interface Page<T> {
  rows: T[];
  /** Where the rest starts (absent on the last page). */
  nextLink?: string;
  /** Set when the client's `Prefer: odata.maxpagesize` was honoured, for the Preference-Applied header. */
  preferenceApplied?: string;
}

/**
 * One page of a collection after $skip and $top (client-driven paging) and the service's own page size
 * (server-driven paging): the next link repeats the query, so a filter or $top applies to every page.
 */
export function pageOf<T>(rows: T[], query: URLSearchParams, prefer: string | undefined, style: PagingStyle, self: { absolute: string; relative: string }): Page<T> {
  const skip = countOption(query, '$skip');
  const top = query.get('$top') === null ? null : countOption(query, '$top');
  const chosen = rows.slice(skip, top === null ? undefined : skip + top);
  const preferred = preferredPageSize(prefer);
  const pageSize = Math.min(preferred ?? style.maxPageSize, style.maxPageSize);
  const token = query.get('$skiptoken');
  const offset = style.continuation === 'skiptoken' && token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  const page: Page<T> = { rows: chosen.slice(offset, offset + pageSize) };
  if (preferred !== null) page.preferenceApplied = `odata.maxpagesize=${pageSize}`;
  if (offset + pageSize < chosen.length) {
    const next = new URLSearchParams(query);
    if (style.continuation === 'skiptoken') next.set('$skiptoken', Buffer.from(String(offset + pageSize)).toString('base64url'));
    else {
      // The next page skips what this one showed; a $top shrinks by as much, so the total stays the client's.
      next.set('$skip', String(skip + pageSize));
      if (top !== null) next.set('$top', String(top - pageSize));
    }
    page.nextLink = `${style.nextLink === 'absolute' ? self.absolute : self.relative}?${next.toString()}`;
  }
  return page;
}

function countOption(query: URLSearchParams, name: '$skip' | '$top'): number {
  const raw = query.get(name);
  if (raw === null) return 0;
  if (!/^\d+$/.test(raw)) throw querySyntaxError(` (${name} must be a whole number, got '${raw}')`);
  return Number(raw);
}
