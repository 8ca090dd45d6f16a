import type { ErpKindDescription } from '../erp-kind';
import { AcumaticaSettingsSchema } from './settings';

/**
 * Acumatica (contract-based REST). No connector yet: mappings and posting refuse it in plain words.
 * Capabilities, from ../shared/reference/erp/NOTES.md:
 * - any currency with a rate: JournalTransaction has CurrencyID (§4.3);
 * - posted by an action: JournalTransaction/ReleaseJournalTransaction, 202 + Location (§4.3);
 * - the ERP numbers documents: BatchNbr is the batch's key (§4.3; that the numbering sequence assigns it is UNVERIFIED there);
 * - a segmented subaccount: Details[Account, Subaccount] (§4.3);
 * - notifications: push notifications to a webhook (§4.8).
 * Lengths: NOTES gives none (the swagger has no maxLength); 15 (ReferenceNbr/BatchNbr) and 256 (Description)
 * are Acumatica's usual sizes, UNVERIFIED until the connector is built.
 */
export const acumaticaKind: ErpKindDescription = {
  kind: 'acumatica',
  label: 'Acumatica',
  settings: AcumaticaSettingsSchema,
  fields: [
    { field: 'instanceUrl', label: 'Instance URL' },
    { field: 'tenant', label: 'Tenant' },
    { field: 'endpointVersion', label: 'Endpoint version', hint: 'Default endpoint, for example 24.200.001' },
    { field: 'clientId', label: 'Client id', hint: '<GUID>@<Tenant> from Connected Applications (SM303010)' },
    { field: 'username', label: 'User name' },
  ],
  secrets: [
    { field: 'clientSecret', label: 'Client secret' },
    { field: 'password', label: 'Password' },
  ],
  capabilities: {
    journalCurrencies: 'any-with-rate',
    journalPosting: 'by-action',
    documentNumbers: 'erp',
    lengths: { naturalKey: 15, documentNumber: 15, reference: 256 },
    dimensions: 'segmented-subaccount',
    changeSignals: 'notifications',
    flows: [],
  },
};
