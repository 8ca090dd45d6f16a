import { z } from 'zod';
import { RETURN_REASON_SETTING, RETURN_REASON_SETTING_HINT } from '../return-reason-setting';
import { companyFields, guid, httpsUrl, required } from '../settings-fields';

/** Names of financial dimensions, as F&O's DimensionAttributes call them (BusinessUnit, CostCenter). */
const dimensionName = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * What a Finance & Operations connection needs (../shared/reference/erp/NOTES.md §2.1-2.3): Entra client
 * credentials for one legal entity, the journal name new journals take, and the ledger dimension format
 * for integrating applications (the dimensions after the main account, in order, and its delimiter).
 */
export const D365FoSettingsSchema = z.object({
  environmentUrl: httpsUrl('Environment URL').refine((v) => !v.endsWith('/'), 'Leave out the trailing slash'),
  tenantId: required('Tenant id'),
  clientId: required('Application (client) id').regex(guid, 'The client id is a GUID'),
  legalEntity: required('Legal entity (dataAreaId)').max(4, 'A legal entity id has at most 4 characters'),
  journalName: z.string().trim().max(10, 'A journal name has at most 10 characters').optional().transform((v) => v || 'GenJrn'),
  /** The customer payment journal name a settlement's payout takes in "Orders as invoices" mode. */
  paymentJournalName: z.string().trim().max(10, 'A journal name has at most 10 characters').optional().transform((v) => v || 'CustPay'),
  dimensionFormat: z.string().trim().optional().default('')
    .refine((v) => dimensionNames(v).every((n) => dimensionName.test(n)), 'List dimension names separated by commas, for example BusinessUnit, Department, CostCenter')
    .refine((v) => new Set(dimensionNames(v)).size === dimensionNames(v).length, 'A dimension appears twice in the format'),
  dimensionDelimiter: z.string().optional().transform((v) => v || '-').refine((v) => v.length === 1 && v !== '*', 'The delimiter is one character (not *)'),
  /** Customer returns: F&O's return reason codes a return's credit note names (customer-returns.ts: no spec here lists them). */
  returnReasons: z.string().trim().optional().refine((v) => !v || v.split(/[,;]/).every((e) => RETURN_REASON_SETTING.test(e)), RETURN_REASON_SETTING_HINT),
  /** Sign-in host instead of login.microsoftonline.com (the emulator). */
  signInOverride: z.string().trim().optional(),
  ...companyFields,
});
/** The format's dimension names in order; settings keep the text as typed so a stored connection parses again. */
export function dimensionNames(format: string): string[] {
  return format.split(',').map((s) => s.trim()).filter(Boolean);
}

export type D365FoSettings = z.infer<typeof D365FoSettingsSchema>;
