/**
 * Optimistic concurrency (OData 4.0 §11.4.1.1): each row carries a version, its ETag changes with it, and a
 * write must send the ETag it read in If-Match.
 */

/** A weak, opaque ETag as BC and F&O write them: W/"<base64 of 'version;key;'>" (BC v1.0 examples, NOTES §1.5). */
export function opaqueEtag(version: number, key: string): string {
  return `W/"${Buffer.from(`'${String(version)};${key};'`).toString('base64')}"`;
}

/** What an If-Match header says about a write to a row whose ETag is `current`. */
export function ifMatchVerdict(ifMatch: string | undefined, current: string): 'missing' | 'matches' | 'stale' {
  if (!ifMatch) return 'missing';
  return ifMatch === '*' || ifMatch === current ? 'matches' : 'stale';
}
