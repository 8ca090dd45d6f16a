import { querySyntaxError, unknownPropertyError } from './odata-error';

type Row = Record<string, unknown>;
export type Predicate = (row: Row) => boolean;

export interface FilterTarget {
  /** Properties a filter may name; any other is refused. */
  fields: readonly string[];
  /** The entity type as error messages name it, e.g. Microsoft.NAV.customers. */
  typeName: string;
  /** Properties holding ISO timestamps, compared as instants rather than as text. */
  timeFields?: readonly string[];
}

/**
 * A small $filter: comparisons (eq ne gt ge lt le) joined by `and`/`or` without parentheses, which covers
 * what connectors send (lastModifiedDateTime gt <ts>, number eq 'x' or number eq 'y'). Anything else is a
 * 400, never a silently ignored filter.
 */
export function compileFilter(filter: string, target: FilterTarget): Predicate {
  const disjuncts = splitOutsideQuotes(filter, ' or ').map((d) => splitOutsideQuotes(d, ' and ').map((c) => compileComparison(c, target)));
  return (row) => disjuncts.some((all) => all.every((p) => p(row)));
}

function compileComparison(clause: string, target: FilterTarget): Predicate {
  const m = /^\s*(\w+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*$/.exec(clause);
  if (!m) throw querySyntaxError();
  const [, field = '', op, literal = ''] = m;
  if (!target.fields.includes(field)) throw unknownPropertyError(field, target.typeName);
  const value = parseLiteral(literal);
  const isTime = target.timeFields?.includes(field) ?? false;
  return (row) => {
    const actual = row[field] ?? null;
    const a = isTime && typeof actual === 'string' ? Date.parse(actual) : actual;
    const b = isTime && typeof value === 'string' ? Date.parse(value) : value;
    switch (op) {
      case 'eq': return a === b;
      case 'ne': return a !== b;
      case 'gt': return (a as number) > (b as number);
      case 'ge': return (a as number) >= (b as number);
      case 'lt': return (a as number) < (b as number);
      default: return (a as number) <= (b as number);
    }
  };
}

function parseLiteral(literal: string): unknown {
  if (/^'.*'$/.test(literal)) return literal.slice(1, -1).replace(/''/g, "'");
  if (literal === 'true' || literal === 'false') return literal === 'true';
  if (literal === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(literal)) return Number(literal);
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(literal)) return literal;
  if (/^[0-9a-f-]{36}$/i.test(literal)) return literal;
  throw querySyntaxError();
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const out: string[] = [];
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") inQuote = !inQuote;
    else if (!inQuote && text.startsWith(sep, i)) {
      out.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(text.slice(start));
  if (out.some((p) => /[()]/.test(p.replace(/'[^']*'/g, '')))) throw querySyntaxError(' (the emulator does not support parentheses in $filter)');
  return out;
}
