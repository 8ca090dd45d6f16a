import { z } from 'zod';
import type { FieldIssue } from './domain-error';

type Issue = z.core.$ZodIssue;

/** Field names of the contract that are no words for a person, as a person would say them. */
const SPOKEN: Readonly<Record<string, string>> = {
  contentBase64: 'the file',
  connectionId: 'the connection',
  erpConnectionId: 'the ERP connection',
  amazonConnectionId: 'the Amazon connection',
  versionId: 'the settlement version',
  settlementId: 'the settlement id',
  itemId: 'the review item',
};

/** What one element of a list is called, by the list's name; "record" when the list says nothing. */
const ELEMENT: Readonly<Record<string, string>> = { lines: 'line', rows: 'row', entries: 'rule', documents: 'document', items: 'item', ids: 'entry', settlements: 'settlement' };

/** camelCase to words, acronyms kept: lwaClientId → "LWA client id"; endpointOverride → "endpoint override". */
function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\b(lwa|url|erp|sku|api|id)\b/g, (w) => (w === 'id' ? 'id' : w.toUpperCase()));
}

/**
 * The field an issue is about, in words, with the line or record it sits in: "amount of line 2",
 * "LWA client id". `labels` names fields as the screen labels them (a connection form's labels).
 */
export function fieldName(path: readonly PropertyKey[], labels: Readonly<Record<string, string>> = {}): string {
  const segments = path.map((p) => (typeof p === 'symbol' ? p.description ?? '' : p));
  let field: string | null = null;
  const where: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (typeof s === 'number') {
      const list = segments[i - 1];
      where.unshift(`${(typeof list === 'string' && ELEMENT[list]) || 'record'} ${s + 1}`);
    } else if (typeof segments[i + 1] !== 'number' || i === segments.length - 1) field = s;
  }
  if (field === null) return where.length ? where.join(' of ') : 'the input';
  const name = labels[field] ?? SPOKEN[field] ?? words(field);
  return where.length ? `${name} of ${where.join(' of ')}` : name;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** True when zod wrote the message itself (its own words name no field); a schema's own message is kept. */
function isZodDefault(issue: Issue): boolean {
  if (issue.message === 'Required') return true;
  if (issue.code === 'invalid_type') return /^Invalid input: expected \S+, received \S+$/.test(issue.message);
  const own = z.config().localeError?.({ ...issue, input: undefined } as never);
  const text = typeof own === 'string' ? own : own?.message;
  return text === issue.message;
}

/** One issue as a sentence naming its field (and line or record), in the schema's words where it has some. */
export function issueSentence(issue: Issue, labels: Readonly<Record<string, string>> = {}): string {
  const field = fieldName(issue.path, labels);
  // A schema's own message was written for a person and names what it is about ("LWA client id is required").
  if (!isZodDefault(issue)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? `${capital(field)} is missing.` : `${capital(field)} must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}.`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${capital(field)} is empty.`;
      return `${capital(field)} must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters long' : issue.origin === 'array' ? ' entries' : ''}.`;
    case 'too_big':
      return `${capital(field)} must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters long' : issue.origin === 'array' ? ' entries' : ''}.`;
    case 'invalid_value':
      return `${capital(field)} must be one of ${issue.values.map((v) => String(v)).join(', ')}.`;
    case 'unrecognized_keys':
      return `${capital(field)} has fields it does not know: ${issue.keys.join(', ')}.`;
    default:
      return `${capital(field)} is not valid.`;
  }
}

/** The issues of a failed parse as the API returns them: each with its path and a sentence naming its field. */
export function fieldIssues(error: z.ZodError, labels: Readonly<Record<string, string>> = {}, prefix: readonly string[] = []): FieldIssue[] {
  return error.issues.map((i) => ({ path: [...prefix, ...i.path.map(String)].join('.') || '(input)', message: issueSentence(i, labels) }));
}

/** Up to three of the sentences, for the one message a person reads. */
export function issuesMessage(issues: readonly FieldIssue[]): string {
  const said = [...new Set(issues.map((i) => (/[.!?]$/.test(i.message) ? i.message : `${i.message}.`)))];
  return `${said.slice(0, 3).join(' ')}${said.length > 3 ? ` (and ${said.length - 3} more)` : ''}`;
}
