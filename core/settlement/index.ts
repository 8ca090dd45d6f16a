export { readSettlement, readSettlementBatches, readSettlementFile, loadSettlement, type LoadedSettlement, type SettlementReadOptions } from './settlement-reader';
export { SettlementParseError, NotASettlementReport } from './settlement-errors';
export type { SettlementFormat, SettlementLine, SettlementRecord, SettlementSummary } from './settlement-model';
export { parseSettlementDate, type SlashDateOrder } from './settlement-dates';
export { DEFAULT_LINE_CATALOG, LINE_CATEGORIES, type CatalogEntry, type LineCategory } from './line-catalog';
export { CATEGORY_LABELS, lineLabel } from './line-labels';
export { DESCRIPTION_PLACEHOLDERS, LEDGER_WORDING_EDITION, LINE_DESCRIPTION_TEMPLATE, ledgerLineDescription, templateProblems, withLedgerDescriptions } from './line-description';
export { LineClassifier, type LineKey } from './line-classifier';
export { SettlementTally, inspectSettlement, inspectionToJson, type SettlementInspection, type TypeTotal } from './settlement-inspection';
export { reconcile, type Reconciliation, type DifferenceCause } from './reconciliation';
export {
  JournalBuilder, calendarMonthUtc, documentBalance, depositAmount, journalTarget, type JournalTargetKey,
  type AccountingPeriod, type JournalDocument, type JournalGrouping, type JournalIssue, type JournalLine, type JournalOptions, type SettlementJournal, type VarianceDecision,
} from './journal-builder';
export { importSettlement, importSettlementFile, recordVarianceDecision, storedLines, type ImportOptions, type ImportOutcome, type ImportProgress, type ImportResult } from './settlement-store';
export { FeeMetricsTally, settlementWarnings, type AnomalyOptions, type FeeMetrics, type SettlementWarning } from './settlement-anomalies';
export { settlementCommand, SETTLEMENT_USAGE, type CommandIo } from './settlement-command';
export { calendarMonthIn } from './accounting-period';
export { settlementTimeZone, storedMarketplaces, marketplaceCurrencyWarning, currencyWarningText, type CurrencyWarning } from './settlement-marketplaces';
export { convertJournal, conversionRateText, noRateText, type JournalConversion } from './journal-conversion';
