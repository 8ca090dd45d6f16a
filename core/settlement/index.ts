export { readSettlement, readSettlementFile, loadSettlement, type LoadedSettlement, type SettlementReadOptions } from './settlement-reader';
export { SettlementParseError } from './settlement-errors';
export type { SettlementFormat, SettlementLine, SettlementRecord, SettlementSummary } from './settlement-model';
export { parseSettlementDate, type SlashDateOrder } from './settlement-dates';
