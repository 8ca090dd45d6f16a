/**
 * Finances v0 and 2024-06-19 send money as JSON numbers (BigDecimal `type: number` in the models). The
 * emulator keeps seeded amounts as decimal strings and writes them as number literals exactly, so that
 * "10.10" goes on the wire as 10.10 and the client's lossless parse can be tested.
 */
export class DecimalLiteral {
  constructor(readonly text: string) {
    if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) throw new RangeError(`Not a decimal literal: ${text}`);
  }
}

export const dec = (text: string) => new DecimalLiteral(text);

export function stringifyWithDecimals(value: unknown): string {
  if (value instanceof DecimalLiteral) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stringifyWithDecimals(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${stringifyWithDecimals(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}
