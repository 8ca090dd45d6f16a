import { DomainError } from '../errors/domain-error';

/** Refused by the review: the message says what is in the way and what to do. */
export class ReviewRefused extends DomainError {
  constructor(override readonly code: 'not_found' | 'conflict' | 'invalid_input', message: string) {
    super(code, message);
  }
}
