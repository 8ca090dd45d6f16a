import { DomainError, errorMessage } from '../errors/domain-error';

/** The message a person reads in the run list: our errors already speak plainly; anything else is named as unexpected. */
export function plainError(err: unknown): string {
  if (err instanceof DomainError) return err.message;
  return `The run stopped unexpectedly: ${errorMessage(err)}.`;
}
