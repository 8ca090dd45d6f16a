/**
 * Settlement files write dates in whatever the marketplace prefers. Every form below is read into an
 * ISO 8601 UTC string; anything else is an error, never a guess.
 *   2026-06-16 00:00:00 UTC · 2015-12-02T03:27:08+00:00 · 2026-06-16T00:00:00Z · 2026-06-16
 *   16.06.2026 00:00:00 UTC · 16.06.2026 · 16/06/2026 · 06/16/26 (see SlashDateOrder)
 */
export type SlashDateOrder = 'dmy' | 'mdy';

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(UTC|GMT|Z)?$/i;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(UTC|GMT|Z)?$/i;

export class DateParseError extends Error {
  constructor(readonly text: string, readonly reason: string) {
    super(`Cannot read date "${text}": ${reason}`);
    this.name = 'DateParseError';
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function build(text: string, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMinutes: number): string {
  if (mo < 1 || mo > 12) throw new DateParseError(text, `month ${mo} does not exist`);
  if (h > 23 || mi > 59 || s > 59) throw new DateParseError(text, 'time of day out of range');
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!;
  if (d < 1 || d > days) throw new DateParseError(text, `day ${d} does not exist in month ${mo}`);
  // Settlement dates are nearly always UTC already: format directly, skipping Date.
  if (offsetMinutes === 0 && y >= 1000) return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms, 3)}Z`;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000).toISOString();
}

function offsetOf(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** Reads one settlement date into ISO 8601 UTC (`2026-06-16T00:00:00.000Z`). */
export function parseSettlementDate(text: string, slashOrder: SlashDateOrder = 'dmy'): string {
  const t = text.trim();
  let m = ISO_LIKE.exec(t);
  if (m) {
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    return build(text, +m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms, offsetOf(m[8]));
  }
  m = DOTTED.exec(t);
  if (m) return build(text, +m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0, 0);
  m = SLASHED.exec(t);
  if (m) {
    let a = +m[1]!;
    let b = +m[2]!;
    // A part above 12 can only be the day, whatever the marketplace's habit.
    const order: SlashDateOrder = a > 12 ? 'dmy' : b > 12 ? 'mdy' : slashOrder;
    if (order === 'mdy') [a, b] = [b, a];
    const year = m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!;
    return build(text, year, b, a, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0, 0);
  }
  throw new DateParseError(text, 'not a date in a known settlement format');
}
