export { PostingOutbox, OutboxError, type DocumentRef, type OutboxEntry, type OutboxState, type PostingFailure } from './outbox';
export { runPosting, recheckAwaiting, type AwaitingCheck, type PostingProgress, type PostingRunOptions, type PostingRunResult } from './poster';
export { POSTERS, isDocumentKind, type DocumentKind, type DocumentPoster, type PostingConnector } from './posters';
export { postSettlementVersions, type PostingTarget, type SettlementPostingOutcome, type VersionToPost } from './settlement-posting-run';
export { settlementNaturalKey, type SettlementDocumentKey } from './natural-key';
export { parseSettlementNaturalKey } from './natural-key';
export { PostingLease, PostingLeaseHeld, HeldLease, type LeaseHolder, type LeaseOptions } from './lease';
export { planSettlementPosting, enqueuePlan, erpJournalDocument, settlementDocumentNumber, PostingRefused, type PlannedDocument, type SettlementPostingPlan, type ErpFacts, type DocumentLengths } from './settlement-posting';
export { storedVersion, journalIssueText, type StoredVersion } from './settlement-journal';
