import type { ErpKindDescription } from '../erp-kind';
import { FO_MCF_REFUSAL } from './amazon-fulfilment';
import { FO_RETURN_ORDER_REFUSAL } from './customer-returns';
import { FO_STARTER_CHART } from './starter-chart';
import { D365FoSettingsSchema } from './settings';

/**
 * Dynamics 365 Finance & Operations; its connector is in client.ts, registered by entry.ts.
 * Capabilities, from ../shared/reference/erp/NOTES.md:
 * - any currency with a rate: LedgerJournalLines carry CurrencyCode and ExchRate (§2.3);
 * - posted in the ERP: no documented OData posting action, and extensions cannot add one (§2.3);
 * - the ERP numbers documents: JournalBatchNumber and Voucher come from F&O's number sequences (§2.3 lists
 *   them as entity fields; that F&O assigns them on create is UNVERIFIED there);
 * - a ledger display string: account and dimensions as one delimited value, e.g. 605140-001-02 (§2.3);
 * - polling: business events need endpoints the customer provisions (§2.8), no standard last-modified field (§2.4);
 * - sales invoices: free-text invoices (FreeTextInvoiceHeaders/Lines, third-party names in §2.3, UNVERIFIED),
 *   created through the API and posted in F&O like journals;
 * - refund credit notes: free-text invoices with negative lines, posted (and settled against their invoice)
 *   by a person in F&O (free-text-credit-note.ts, UNVERIFIED);
 * - customer lines in journals: LedgerJournalLines AccountType Cust (LedgerJournalACType in BALFO, §2.3);
 * - customer returns: as free-text credit notes only; ReturnOrderHeaders is in no spec here (customer-returns.ts);
 * - orders shipped by Amazon (Multi-Channel Fulfillment): refused; the sales order entities are in no spec here
 *   and their header has no field for the tracking Amazon sends back (amazon-fulfilment.ts).
 * Lengths: NOTES gives none (BALFO's OpenAPI has no maxLength); 20 for DocumentNum/Invoice and 60 for Text
 * and the journal's Description (which holds our natural key) are F&O's usual string sizes, UNVERIFIED, to
 * be checked against the tenant's $metadata.
 */
export const d365foKind: ErpKindDescription = {
  kind: 'd365fo',
  label: 'Dynamics 365 Finance & Operations',
  settings: D365FoSettingsSchema,
  fields: [
    { field: 'environmentUrl', label: 'Environment URL', hint: 'https://contoso.operations.dynamics.com' },
    { field: 'tenantId', label: 'Tenant id or domain' },
    { field: 'clientId', label: 'Application (client) id' },
    { field: 'legalEntity', label: 'Legal entity', hint: 'dataAreaId, for example usmf' },
    { field: 'journalName', label: 'Journal name', hint: 'GenJrn', optional: true },
    { field: 'paymentJournalName', label: 'Customer payment journal name', hint: 'CustPay; for the payout in "Orders as invoices" mode', optional: true },
    { field: 'dimensionFormat', label: 'Ledger dimension format', hint: 'Dimensions after the main account, in order: BusinessUnit, Department', optional: true },
    { field: 'dimensionDelimiter', label: 'Dimension delimiter', hint: '-', optional: true },
    { field: 'returnReasons', label: 'Return reasons', hint: 'for customer returns: F&O\'s return reason codes, e.g. DAMAGED Damaged, WRONGITEM Wrong item', optional: true },
    { field: 'signInOverride', label: 'Sign-in host override', hint: 'Leave empty for login.microsoftonline.com', optional: true },
  ],
  secrets: [{ field: 'clientSecret', label: 'Client secret' }],
  starterChart: FO_STARTER_CHART,
  capabilities: {
    journalCurrencies: 'any-with-rate',
    journalPosting: 'in-erp',
    documentNumbers: 'erp',
    lengths: { naturalKey: 60, documentNumber: 20, reference: 60 },
    dimensions: 'ledger-display-string',
    changeSignals: 'polling',
    flows: ['settlementJournals', 'referenceData', 'salesInvoices', 'accountCreation', 'settlementPayments', 'salesCreditNotes', 'customerReturns'],
    journalCustomerLines: true,
    returnDocuments: ['credit-note'],
    returnDocumentsWhyNot: { 'return-order': FO_RETURN_ORDER_REFUSAL },
    amazonFulfilmentWhyNot: FO_MCF_REFUSAL,
  },
};
