import { AmazonError } from '../amazon/errors';
import { ErpError } from '../erp/erp-error';
import { ConnectionUnusable } from '../connections/erp-connectors';
import { InvalidSchedule } from './schedule';

/** The message a person reads in the run list: our errors already speak plainly; anything else is named as unexpected. */
export function plainError(err: unknown): string {
  if (err instanceof AmazonError || err instanceof ErpError || err instanceof ConnectionUnusable || err instanceof InvalidSchedule) {
    return err.message;
  }
  return `The run stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}.`;
}
