export { PostingOutbox, OutboxError, type OutboxEntry, type OutboxState, type PostingFailure } from './outbox';
export { runPosting, type PostingProgress, type PostingRunOptions, type PostingRunResult } from './poster';
export { settlementNaturalKey, type SettlementDocumentKey } from './natural-key';
export { parseSettlementNaturalKey } from './natural-key';
export { PostingLease, PostingLeaseHeld, HeldLease, type LeaseHolder, type LeaseOptions } from './lease';
export { planSettlementPosting, enqueuePlan, erpJournalDocument, settlementDocumentNumber, PostingRefused, type PlannedDocument, type SettlementPostingPlan, type ErpFacts, type DocumentLengths } from './settlement-posting';
export { storedVersion, journalIssueText, type StoredVersion } from './settlement-journal';
