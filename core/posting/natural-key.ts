/**
 * The natural key of a settlement journal document: settlement-id + period + document kind + version.
 * It travels as the ERP's external document number, so it must stay within Business Central's 35
 * characters and be the same every time the same document is built.
 */
export interface SettlementDocumentKey {
  settlementId: string;
  /** YYYY-MM: the accounting period this document of the settlement falls in. */
  period: string;
  /** JNL for an ordinary settlement journal; other kinds (e.g. a negative settlement's) get their own code. */
  documentKind: string;
  version: number;
}

const MAX_LENGTH = 35;

export function settlementNaturalKey(k: SettlementDocumentKey): string {
  const key = `${k.settlementId}-${k.period.replace('-', '')}-${k.documentKind}-V${k.version}`;
  if (key.length > MAX_LENGTH) {
    throw new Error(`The natural key ${key} of settlement ${k.settlementId} is longer than the ${MAX_LENGTH} characters an external document number holds.`);
  }
  return key;
}
