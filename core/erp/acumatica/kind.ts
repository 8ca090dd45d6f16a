import type { ErpKindDescription } from '../erp-kind';
import { ACUMATICA_STARTER_CHART } from './starter-chart';
import { AcumaticaSettingsSchema } from './settings';

/**
 * Acumatica (contract-based REST). Capabilities, from ../shared/reference/erp/NOTES.md:
 * - any currency with a rate: JournalTransaction has CurrencyID (§4.3);
 * - posted by an action: JournalTransaction/ReleaseJournalTransaction, 202 + Location (§4.3);
 * - the ERP numbers documents: BatchNbr is the batch's key (§4.3; that the numbering sequence assigns it is UNVERIFIED there),
 *   unless the connection numbers batches itself (settings.batchNumbering 'manual', with If-None-Match: *, §4.5);
 * - a segmented subaccount: Details[Account, Subaccount] (§4.3);
 * - notifications: push notifications to a webhook (§4.8); the connector does not subscribe yet;
 * - sales invoices: SalesInvoice with CustomerOrder = order id, released by ReleaseSalesInvoice (§4.3, §4.5);
 * - refund credit notes: SalesInvoice of Type Credit Memo, CustomerOrder = order id/refund id, applied to the
 *   invoice through ApplicationsCreditMemo (swagger), released as invoices are;
 * - stock and prices: StockItem.WarehouseDetails[QtyOnHand] over every warehouse and StockItem.DefaultPrice (swagger);
 * - inventory adjustments: InventoryAdjustment with ExternalRef = our key, released by ReleaseAdjustment (swagger paths of
 *   both versions); the signed Qty of a shortage and the status words are UNVERIFIED;
 * - customer returns: a return order (SalesOrder of the return type, lines with Operation Receipt and ReasonCode) or a
 *   credit memo applied to the invoice (customer-returns.ts); CustomerOrder = the return's key;
 * - orders shipped by Amazon: open SalesOrders of the fulfilment order type with lines at the warehouse marked as
 *   Amazon's, Amazon's tracking noted once on the order's note (fulfilment-orders.ts says why not a shipment's TrackingNbr).
 * Lengths: NOTES gives none (the swagger has no maxLength). The natural key travels as the batch's
 * Description (60 kept well inside Acumatica's usual 256, UNVERIFIED). Our document number is not sent:
 * Acumatica numbers the batch (BatchNbr), so its length only keeps other kinds' numbers from shortening.
 */
export const acumaticaKind: ErpKindDescription = {
  kind: 'acumatica',
  label: 'Acumatica',
  settings: AcumaticaSettingsSchema,
  fields: [
    { field: 'instanceUrl', label: 'Instance URL' },
    { field: 'tenant', label: 'Tenant' },
    { field: 'endpointName', label: 'Endpoint', hint: 'Default', optional: true },
    { field: 'endpointVersion', label: 'Endpoint version', hint: 'for example 24.200.001; the instance lists what it serves' },
    { field: 'branch', label: 'Branch' },
    {
      field: 'signIn', label: 'Sign in with', options: [
        { value: 'password', label: 'Connected application, user and password (OAuth 2.0)' },
        { value: 'authorization-code', label: 'Connected application, refresh token from a browser sign-in (OAuth 2.0)' },
        { value: 'cookie', label: 'User and password, cookie session (no connected application)' },
      ],
    },
    { field: 'clientId', label: 'Client id', hint: '<GUID>@<Tenant> from Connected Applications (SM303010)', when: { field: 'signIn', value: 'password' } },
    { field: 'clientId', label: 'Client id', hint: '<GUID>@<Tenant> from Connected Applications (SM303010)', when: { field: 'signIn', value: 'authorization-code' } },
    { field: 'username', label: 'User name', when: { field: 'signIn', value: 'password' } },
    { field: 'username', label: 'User name', when: { field: 'signIn', value: 'cookie' } },
    {
      field: 'batchNumbering', label: 'Batch numbers', optional: true, options: [
        { value: 'auto', label: 'Numbered by Acumatica' },
        { value: 'manual', label: 'Our document number (the GL numbering sequence allows manual numbers)' },
      ],
    },
    { field: 'maxInFlight', label: 'Requests at once', hint: 'what the licence allows; 2 by default', optional: true },
    { field: 'returnReasons', label: 'Return reasons', hint: 'for customer returns: Acumatica\'s reason codes, e.g. DAMAGED Damaged, WRONGITEM Wrong item', optional: true },
    { field: 'returnOrderType', label: 'Return order type', hint: 'the sales order type of return orders; RC by default', optional: true },
    { field: 'fulfilmentOrderType', label: 'Order type shipped by Amazon', hint: 'for Multi-Channel Fulfillment: the sales order type whose orders Amazon may ship; SO by default', optional: true },
  ],
  // One secret can be needed by two sign-ins; `when` names one value, so such a secret is listed once per sign-in.
  secrets: [
    { field: 'clientSecret', label: 'Client secret', when: { field: 'signIn', value: 'password' } },
    { field: 'password', label: 'Password', when: { field: 'signIn', value: 'password' } },
    { field: 'clientSecret', label: 'Client secret', when: { field: 'signIn', value: 'authorization-code' } },
    { field: 'refreshToken', label: 'Refresh token', when: { field: 'signIn', value: 'authorization-code' } },
    { field: 'password', label: 'Password', when: { field: 'signIn', value: 'cookie' } },
  ],
  starterChart: ACUMATICA_STARTER_CHART,
  capabilities: {
    journalCurrencies: 'any-with-rate',
    journalPosting: 'by-action',
    documentNumbers: 'erp',
    lengths: { naturalKey: 60, documentNumber: 20, reference: 256 },
    dimensions: 'segmented-subaccount',
    changeSignals: 'notifications',
    flows: ['settlementJournals', 'referenceData', 'salesInvoices', 'accountCreation', 'settlementPayments', 'salesCreditNotes', 'stockAndPrices', 'inventoryAdjustments', 'customerReturns', 'amazonFulfilment'],
    returnDocuments: ['credit-note', 'return-order'],
    // SalesOrderDetail.WarehouseID on a return order line; GET Warehouse lists them (customer-returns.ts).
    returnWarehouses: true,
  },
};
