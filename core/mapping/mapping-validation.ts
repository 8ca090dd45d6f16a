import { ACCOUNT_ROLES, MAPPABLE_CATEGORIES, describeKey, TARGET_NOUN, type MappingEntry } from './mapping-entry';
import type { CachedRecord, ReferenceSnapshot } from './reference-cache';

export interface MappingProblem {
  field: 'target' | 'dimensions' | 'subject' | 'amountDescription';
  message: string;
}

/**
 * Checks a row against the ERP's cached reference data. Every message names the thing refused and
 * the connection it was looked up in, so a person can fix it without guessing.
 */
export function validateEntry(e: MappingEntry, ref: ReferenceSnapshot, erpName: string): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (e.kind === 'fee' && !e.amountDescription) problems.push({ field: 'amountDescription', message: 'A fee rule needs an amount description.' });
  if (e.kind !== 'fee' && !e.subject) problems.push({ field: 'subject', message: `A ${e.kind} rule needs a ${e.kind === 'account' ? 'role' : e.kind}.` });
  if (e.kind === 'category' && e.subject && !MAPPABLE_CATEGORIES.includes(e.subject)) {
    problems.push({
      field: 'subject',
      message: e.subject === 'reserve'
        ? 'Reserves post to the reserve account (an account rule), not through a category rule.'
        : `"${e.subject}" is not a category; use one of ${MAPPABLE_CATEGORIES.join(', ')}.`,
    });
  }
  if (e.kind === 'account' && e.subject && !(ACCOUNT_ROLES as readonly string[]).includes(e.subject)) {
    problems.push({ field: 'subject', message: `"${e.subject}" is not an account role; use one of ${ACCOUNT_ROLES.join(', ')}.` });
  }
  const noun = TARGET_NOUN[e.kind];
  const list: CachedRecord[] = noun === 'account' ? ref.accounts : noun === 'item' ? ref.items : ref.customers;
  const listKind = noun === 'account' ? 'accounts' : noun === 'item' ? 'items' : 'customers';
  const target = e.target.trim();
  if (!target) {
    problems.push({ field: 'target', message: `Choose the ${noun} for ${describeKey(e)}.` });
  } else if (!ref.refreshedAt[listKind]) {
    problems.push({ field: 'target', message: `The ${listKind} of ${erpName} have not been read yet, so ${noun} ${target} cannot be checked. Refresh the ERP data first.` });
  } else {
    const found = list.find((r) => r.code === target);
    if (!found) problems.push({ field: 'target', message: `${cap(noun)} ${target} does not exist in ${erpName}.` });
    else if (!found.postable) {
      problems.push({
        field: 'target',
        message: noun === 'account'
          ? `Account ${target} "${found.name}" cannot be posted to in ${erpName} (a heading or total, blocked, or closed to direct posting).`
          : `${cap(noun)} ${target} "${found.name}" is blocked in ${erpName}.`,
      });
    }
  }
  for (const [code, value] of Object.entries(e.dimensions)) {
    const dim = ref.dimensions.find((d) => d.code === code);
    if (!dim) problems.push({ field: 'dimensions', message: `Dimension ${code} does not exist in ${erpName}.` });
    else {
      const v = dim.values.find((x) => x.code === value);
      if (!v) problems.push({ field: 'dimensions', message: `Dimension ${code} has no value ${value} in ${erpName}.` });
      // An inactive Acumatica subaccount or a blocked dimension value is refused by the ERP at posting: say so now.
      else if (!v.postable) problems.push({ field: 'dimensions', message: `Dimension ${code} value ${value}${v.name ? ` "${v.name}"` : ''} cannot be used in ${erpName} (inactive or blocked).` });
    }
  }
  return problems;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
