/** Refused: the message says what is in the way and what to do. */
export class ReviewRefused extends Error {
  constructor(readonly code: 'not_found' | 'conflict' | 'invalid_input', message: string) {
    super(message);
    this.name = 'ReviewRefused';
  }
}
