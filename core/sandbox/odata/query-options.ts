import { unknownPropertyError } from './odata-error';

/** The properties $select names, each checked against the entity's (null: no $select, all of them). */
export function selectedFields(query: URLSearchParams, fields: readonly string[], typeName: string): string[] | null {
  const raw = query.get('$select');
  if (raw === null) return null;
  const picked = raw.split(',').map((s) => s.trim());
  for (const f of picked) if (!fields.includes(f)) throw unknownPropertyError(f, typeName);
  return picked;
}

/** The navigation properties $expand names, each checked against those the entity has. */
export function expandedParts(query: URLSearchParams, parts: readonly string[], typeName: string): string[] {
  const raw = query.get('$expand');
  if (!raw) return [];
  const picked = raw.split(',').map((s) => s.trim());
  for (const p of picked) if (!parts.includes(p)) throw unknownPropertyError(p, typeName);
  return picked;
}

/** The page size a client asks for with `Prefer: odata.maxpagesize=n` (OData 4.0 §8.2.8.3), if it does. */
export function preferredPageSize(prefer: string | undefined): number | null {
  const m = /odata\.maxpagesize=(\d+)/.exec(prefer ?? '');
  return m ? Number(m[1]) : null;
}
