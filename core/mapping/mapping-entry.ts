import { LINE_CATEGORIES } from '../settlement/line-catalog';

/**
 * One row of the mapping editor. A fee rule maps a (transaction-type, amount-type, amount-description)
 * combination to an account; '*' in a type field means any value. A category rule maps every line of a
 * catalog category (its subject, e.g. 'fba-fee') to an account; a fee rule that matches a line wins
 * over its category rule (core/settlement/journal-rules.ts). The other kinds map one subject: a SKU to
 * an item, a marketplace to a customer, an account role to an account.
 */
export const MAPPING_KINDS = ['fee', 'category', 'sku', 'marketplace', 'account'] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

/** The fixed accounts of a settlement journal (DESIGN.md section 4). */
export const ACCOUNT_ROLES = ['clearing', 'bank', 'carriedForward', 'reserve'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** The categories a category rule may name: reserves post to the reserve account role instead. */
export const MAPPABLE_CATEGORIES: readonly string[] = LINE_CATEGORIES.filter((c) => c !== 'reserve');

export interface MappingKey {
  kind: MappingKind;
  transactionType: string;
  amountType: string;
  amountDescription: string;
  subject: string;
}

export interface MappingEntry extends MappingKey {
  target: string;
  dimensions: Record<string, string>;
}

export interface StoredMappingEntry extends MappingEntry {
  updatedAt: string;
  updatedBy: string;
}

/** What a person reads for the key of a row, in messages and the audit log. */
export function describeKey(k: MappingKey): string {
  switch (k.kind) {
    case 'fee': return `${k.transactionType} / ${k.amountType} / ${k.amountDescription}`;
    case 'category': return `category ${k.subject}`;
    case 'sku': return `SKU ${k.subject}`;
    case 'marketplace': return `marketplace ${k.subject}`;
    case 'account': return `${k.subject} account`;
  }
}

/** What the target of each kind is called in the ERP. */
export const TARGET_NOUN: Record<MappingKind, string> = { fee: 'account', category: 'account', sku: 'item', marketplace: 'customer', account: 'account' };

/** Keeps only the fields that belong to the kind, so one key never has two spellings. */
export function normalizeKey(k: MappingKey): MappingKey {
  const t = (s: string) => s.trim();
  return k.kind === 'fee'
    ? { kind: 'fee', transactionType: t(k.transactionType) || '*', amountType: t(k.amountType) || '*', amountDescription: t(k.amountDescription), subject: '' }
    : { kind: k.kind, transactionType: '', amountType: '', amountDescription: '', subject: t(k.subject) };
}

export const sameKey = (a: MappingKey, b: MappingKey) =>
  a.kind === b.kind && a.transactionType === b.transactionType && a.amountType === b.amountType && a.amountDescription === b.amountDescription && a.subject === b.subject;
