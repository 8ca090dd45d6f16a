export { PostingOutbox, OutboxError, type OutboxEntry, type OutboxState, type PostingFailure } from './outbox';
export { runPosting, type PostingProgress, type PostingRunOptions, type PostingRunResult } from './poster';
export { settlementNaturalKey, type SettlementDocumentKey } from './natural-key';
