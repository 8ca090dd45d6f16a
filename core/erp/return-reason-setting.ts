import type { ErpReturnReason } from './erp-connector';

/**
 * A connection's Return reasons setting ("DAMAGED Damaged, WRONGITEM Wrong item") as the ERP's codes, for
 * ERPs whose API lists none: the user copies them from the ERP. Codes are kept as typed.
 */
export function parseReturnReasonSetting(setting: string | undefined): ErpReturnReason[] {
  return (setting ?? '').split(/[,;]/).map((e) => /^\s*(\S+)\s*(.*?)\s*$/.exec(e)).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: m[1]!, description: m[2] ?? '' }));
}

/** Whether a setting reads as such a list: codes of letters, digits, - and _, each with an optional description. */
export const RETURN_REASON_SETTING = /^\s*[A-Za-z0-9_-]{1,10}(\s+\S.*)?$/;
export const RETURN_REASON_SETTING_HINT = 'Return reasons are "code description" pairs separated by commas, e.g. DAMAGED Damaged, WRONGITEM Wrong item';
