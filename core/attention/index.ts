export { DeadLetterStore, type DeadLetter, type DeadLetterFilter, type DeadLetterInput, type DeadLetterState, type FixAction, type RetryResult } from './dead-letter-store';
export { AttentionFlows, type AttentionFlow, type FlowActivity, type RetryHandler, type RetryOutcome, type RetryReport } from './attention-flows';
export { RecordLocks } from './record-lock';
