import { DomainError } from '../errors/domain-error';
/**
 * One error type for every ERP call, carrying what a user and a support person need: which system,
 * the ERP's own code and message, the HTTP status, and which document/line it concerned.
 */
export type ErpErrorKind =
  | 'auth' // credentials refused or token could not be obtained
  | 'throttled' // 429 after all retries
  | 'transient' // 5xx, dropped connection or timeout after all retries
  | 'conflict' // stale ETag, duplicate key
  | 'not-found'
  | 'validation' // the ERP refused the data (unknown account, missing field)
  | 'unsupported' // the ERP's API cannot do this
  | 'permanent';

export interface ErpErrorContext {
  system: string;
  kind: ErpErrorKind;
  httpStatus?: number | null;
  /** The ERP's own error code, e.g. BC "Application_DialogException", Entra "AADSTS7000215". */
  erpCode?: string | null;
  erpMessage?: string | null;
  operation?: string;
  /** Our natural key of the document concerned. */
  document?: string;
  /** 1-based line of our document. */
  line?: number;
  retryable?: boolean;
}

/** What the ERP refused or why it could not be reached, in words; the API answers it as a conflict with the ERP's state. */
export class ErpError extends DomainError {
  readonly system: string;
  readonly kind: ErpErrorKind;
  readonly httpStatus: number | null;
  readonly erpCode: string | null;
  readonly erpMessage: string | null;
  readonly operation: string | null;
  readonly document: string | null;
  readonly line: number | null;
  readonly retryable: boolean;

  constructor(message: string, ctx: ErpErrorContext) {
    super('conflict', message);
    this.system = ctx.system;
    this.kind = ctx.kind;
    this.httpStatus = ctx.httpStatus ?? null;
    this.erpCode = ctx.erpCode ?? null;
    this.erpMessage = ctx.erpMessage ?? null;
    this.operation = ctx.operation ?? null;
    this.document = ctx.document ?? null;
    this.line = ctx.line ?? null;
    this.retryable = ctx.retryable ?? (ctx.kind === 'throttled' || ctx.kind === 'transient');
  }

  /** The same error, with the document (and line) it concerned named in the message. */
  withDocument(document: string, line?: number): ErpError {
    const where = line === undefined ? `document ${document}` : `document ${document}, line ${line}`;
    const e = new ErpError(`${where}: ${this.message}`, {
      system: this.system, kind: this.kind, httpStatus: this.httpStatus, erpCode: this.erpCode,
      erpMessage: this.erpMessage, operation: this.operation ?? undefined, document,
      retryable: this.retryable, ...(line === undefined ? {} : { line }),
    });
    return e;
  }
}
