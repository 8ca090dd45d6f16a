/**
 * The natural key of a settlement journal document: settlement-id + period + document kind + version.
 * It travels in the ERP's external-reference field, so it must fit the length the ERP's capabilities give
 * (Business Central: 35) and be the same every time the same document is built.
 */
export interface SettlementDocumentKey {
  settlementId: string;
  /** YYYY-MM: the accounting period this document of the settlement falls in. */
  period: string;
  /** JNL for an ordinary settlement journal; other kinds (e.g. a negative settlement's) get their own code. */
  documentKind: string;
  version: number;
}

export function settlementNaturalKey(k: SettlementDocumentKey, maxLength: number): string {
  const key = `${k.settlementId}-${k.period.replace('-', '')}-${k.documentKind}-V${k.version}`;
  if (key.length > maxLength) {
    throw new Error(`The natural key ${key} of settlement ${k.settlementId} is longer than the ${maxLength} characters the ERP's external document number holds.`);
  }
  return key;
}

const KEY_PATTERN = /^(.+)-(\d{4})(\d{2})-([A-Z]+)-V(\d+)$/;

/** The parts of a settlement natural key, or null when the key is not one (inverse of settlementNaturalKey). */
export function parseSettlementNaturalKey(key: string): SettlementDocumentKey | null {
  const m = KEY_PATTERN.exec(key);
  if (!m) return null;
  return { settlementId: m[1]!, period: `${m[2]}-${m[3]}`, documentKind: m[4]!, version: Number(m[5]) };
}
