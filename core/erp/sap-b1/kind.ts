import type { ErpKindDescription } from '../erp-kind';
import { SapB1SettingsSchema } from './settings';

/**
 * SAP Business One (Service Layer). No connector yet: mappings and posting refuse it in plain words.
 * Capabilities, from ../shared/reference/erp/NOTES.md and specs/sapb1-servicelayer-v2-metadata.edmx.xml:
 * - any currency with a rate: JournalEntryLine has FCCurrency, FCDebit, FCCredit (the edmx; §3.3 lists the lines);
 * - posted on create: a JournalEntries POST books the entry, there is no separate post action (§3.3 lists
 *   bound actions only for marketing documents; UNVERIFIED beyond that);
 * - the ERP numbers documents: JdtNum/Number from the Series (§3.3);
 * - cost-centre slots: CostingCode and CostingCode2-5 on each line (the edmx; §3.3);
 * - polling: webhooks only from 10.0 FP 2602 with an unread payload (§3.8); incremental reads on UpdateDate (§3.4).
 * Lengths: NOTES gives none; the natural key goes in Reference2/Ref3 (§3.6). 27 (Ref3) and 50 (LineMemo) are
 * B1's usual column sizes, UNVERIFIED until the connector reads them from $metadata.
 */
export const sapB1Kind: ErpKindDescription = {
  kind: 'sap-b1',
  label: 'SAP Business One',
  settings: SapB1SettingsSchema,
  fields: [
    { field: 'serviceLayerUrl', label: 'Service Layer URL', hint: 'https://server:50000/b1s/v2' },
    { field: 'companyDb', label: 'Company database' },
    { field: 'userName', label: 'User name' },
  ],
  secrets: [{ field: 'password', label: 'Password' }],
  capabilities: {
    journalCurrencies: 'any-with-rate',
    journalPosting: 'on-create',
    documentNumbers: 'erp',
    lengths: { naturalKey: 27, documentNumber: 11, reference: 50 },
    dimensions: 'cost-centre-slots',
    changeSignals: 'polling',
    flows: [],
  },
};
