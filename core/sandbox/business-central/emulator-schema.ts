/**
 * The entity sets the emulator serves and the property names each carries. Every name is a real API v2.0
 * property: test/erp/bc-emulator-fields.test.ts checks them against the AL page definitions in
 * ../shared/reference/erp/specs/bc-apiv2-page-fields.json (ALAPP, Apps/W1/APIV2/app/src/pages).
 * The emulator stores a subset of each page's fields (those a connector reads or writes), never extra ones.
 *
 * `code` is missing from that JSON for journals, dimensions, dimensionValues and dimensionSetLines because
 * the AL source writes it quoted, field("code"; ...), which the JSON's regex did not catch; see
 * APIV2Journals.Page.al (field("code"; Name)) and APIV2DimensionSetLines.Page.al (field("code"; Rec."Dimension Code")).
 * The same for taxGroups and paymentMethods: APIV2TaxGroups.Page.al and APIV2PaymentMethods.Page.al declare field("code"; Code).
 */
import { EXCHANGE_RATES_SCHEMA } from './emulator-exchange-rates';

export interface SetSchema {
  /** Key in bc-apiv2-page-fields.json "pages" (null: platform entity, not an AL page). */
  page: string | null;
  fields: readonly string[];
  /** Insert/Modify/DeleteAllowed = false on the AL page. */
  readOnly: boolean;
  /** Fields the server computes; a client may not write them. */
  computed: readonly string[];
  /** Parts a client can $expand (or deep-insert), by navigation property -> entity set. */
  parts: Readonly<Record<string, string>>;
  /** Entity sets only reachable under a parent, e.g. journals(id)/journalLines. */
  parent?: { set: string; via: string };
  actions: readonly string[];
}

const ts = 'lastModifiedDateTime';

export const SCHEMA = {
  // companies is a platform entity (no AL page); its fields are the $select enum of /companies in bc-v1.0-BCOAS1.0.yaml.
  companies: { page: null, fields: ['id', 'systemVersion', 'name', 'displayName', 'businessProfileId'], readOnly: true, computed: [], parts: {}, actions: [] },
  companyInformation: { page: 'CompanyInformation', fields: ['id', 'displayName', 'country', 'currencyCode', ts], readOnly: true, computed: [], parts: {}, actions: [] },
  accounts: {
    page: 'Accounts', fields: ['id', 'number', 'displayName', 'category', 'subCategory', 'blocked', 'accountType', 'directPosting', ts],
    readOnly: true, computed: [], parts: {}, actions: [],
  },
  dimensions: { page: 'Dimensions', fields: ['id', 'code', 'displayName', ts], readOnly: true, computed: [], parts: { dimensionValues: 'dimensionValues' }, actions: [] },
  dimensionValues: { page: 'DimensionValuesEntity', fields: ['id', 'code', 'displayName', ts], readOnly: true, computed: [], parts: {}, parent: { set: 'dimensions', via: '$dimensionId' }, actions: [] },
  dimensionSetLines: { page: 'DimensionSetLines', fields: ['id', 'code', 'parentId', 'parentType', 'displayName', 'valueId', 'valueCode', 'valueDisplayName'], readOnly: false, computed: ['parentId', 'parentType', 'displayName', 'valueDisplayName'], parts: {}, actions: [] },
  customers: { page: 'Customers', fields: ['id', 'number', 'displayName', 'currencyCode', 'blocked', ts], readOnly: false, computed: ['id', ts], parts: {}, actions: [] },
  vendors: { page: 'Vendors', fields: ['id', 'number', 'displayName', 'currencyCode', 'blocked', ts], readOnly: false, computed: ['id', ts], parts: {}, actions: [] },
  items: {
    page: 'Items', fields: ['id', 'number', 'displayName', 'type', 'blocked', 'inventory', 'unitPrice', 'unitCost', 'baseUnitOfMeasureCode', ts],
    readOnly: false, computed: ['id', 'inventory', ts], parts: {}, actions: [],
  },
  journals: {
    page: 'Journals', fields: ['id', 'code', 'displayName', 'templateDisplayName', ts, 'balancingAccountId', 'balancingAccountNumber'],
    readOnly: false, computed: ['id', 'templateDisplayName', 'balancingAccountNumber', ts], parts: { journalLines: 'journalLines' }, actions: ['Microsoft.NAV.post'],
  },
  journalLines: {
    page: 'JournalLines',
    fields: ['id', 'journalId', 'journalDisplayName', 'lineNumber', 'accountType', 'accountId', 'accountNumber', 'postingDate', 'documentNumber', 'externalDocumentNumber', 'amount', 'description', 'comment', 'balanceAccountType', 'balancingAccountId', 'balancingAccountNumber', ts],
    readOnly: false, computed: ['journalId', 'journalDisplayName', ts], parts: { dimensionSetLines: 'dimensionSetLines' }, parent: { set: 'journals', via: 'journalId' }, actions: [],
  },
  generalLedgerEntries: {
    page: 'GLEntries', fields: ['id', 'entryNumber', 'postingDate', 'documentNumber', 'documentType', 'accountId', 'accountNumber', 'description', 'debitAmount', 'creditAmount', ts],
    readOnly: true, computed: [], parts: { dimensionSetLines: 'dimensionSetLines' }, actions: [],
  },
  salesInvoices: {
    page: 'SalesInvoices',
    fields: ['id', 'number', 'externalDocumentNumber', 'invoiceDate', 'postingDate', 'dueDate', 'customerId', 'customerNumber', 'customerName', 'currencyCode', 'orderNumber', 'pricesIncludeTax', 'remainingAmount', 'totalAmountExcludingTax', 'totalTaxAmount', 'totalAmountIncludingTax', 'status', ts],
    readOnly: false, computed: ['number', 'customerName', 'orderNumber', 'remainingAmount', 'totalAmountExcludingTax', 'totalTaxAmount', 'totalAmountIncludingTax', 'status', ts], parts: { salesInvoiceLines: 'salesInvoiceLines', dimensionSetLines: 'dimensionSetLines' },
    actions: ['Microsoft.NAV.post'],
  },
  salesInvoiceLines: {
    page: 'SalesInvoiceLines', fields: ['id', 'documentId', 'sequence', 'itemId', 'lineType', 'lineObjectNumber', 'description', 'quantity', 'unitPrice', 'amountExcludingTax', 'taxCode', 'totalTaxAmount', 'amountIncludingTax'],
    readOnly: false, computed: ['documentId', 'amountExcludingTax', 'totalTaxAmount', 'amountIncludingTax'], parts: {}, parent: { set: 'salesInvoices', via: 'documentId' }, actions: [],
  },
  // APIV2SalesOrders.Page.al / APIV2SalesOrderLines.Page.al (NOTES §1.3: writable, bound action shipAndInvoice).
  salesOrders: {
    page: 'SalesOrders',
    fields: ['id', 'number', 'externalDocumentNumber', 'orderDate', 'postingDate', 'customerId', 'customerNumber', 'customerName', 'currencyCode', 'pricesIncludeTax', 'totalAmountExcludingTax', 'totalTaxAmount', 'totalAmountIncludingTax', 'fullyShipped', 'status', ts,
      'shipToName', 'shipToAddressLine1', 'shipToAddressLine2', 'shipToCity', 'shipToState', 'shipToPostCode', 'shipToCountry', 'phoneNumber',
      // Fields a person may set to mark an order as shipped by Amazon (business-central/amazon-fulfilment.ts MARKER_FIELDS).
      'salesperson', 'shortcutDimension1Code', 'shortcutDimension2Code'],
    readOnly: false, computed: ['number', 'customerName', 'totalAmountExcludingTax', 'totalTaxAmount', 'totalAmountIncludingTax', 'fullyShipped', 'status', ts], parts: { salesOrderLines: 'salesOrderLines' },
    actions: ['Microsoft.NAV.shipAndInvoice'],
  },
  salesOrderLines: {
    page: 'SalesOrderLines', fields: ['id', 'documentId', 'sequence', 'itemId', 'lineType', 'lineObjectNumber', 'description', 'quantity', 'unitPrice', 'amountExcludingTax', 'amountIncludingTax', 'shippedQuantity', 'invoicedQuantity', 'locationId'],
    readOnly: false, computed: ['documentId', 'amountExcludingTax', 'amountIncludingTax', 'shippedQuantity', 'invoicedQuantity'], parts: {}, parent: { set: 'salesOrders', via: 'documentId' }, actions: [],
  },
  // Posted shipments, read-only (Editable = false; Insert/Modify/DeleteAllowed = false): APIV2SalesShipments.Page.al
  // (page 30062) and APIV2SalesShipmentLines.Page.al (page 30063) of microsoft/ALAppExtensions Apps/W1/APIV2/app/src/pages.
  // Neither page is in bc-apiv2-page-fields.json; the names are the pages' (test/erp/bc-emulator.test.ts lists them).
  salesShipments: {
    page: null,
    fields: ['id', 'number', 'externalDocumentNumber', 'postingDate', 'customerId', 'customerNumber', 'customerName', 'currencyCode', 'orderNumber', ts],
    readOnly: true, computed: [], parts: { salesShipmentLines: 'salesShipmentLines' }, actions: [],
  },
  salesShipmentLines: {
    page: null, fields: ['id', 'documentId', 'documentNo', 'sequence', 'lineType', 'lineObjectNumber', 'description', 'unitOfMeasureCode', 'unitPrice', 'quantity', 'shipmentDate'],
    readOnly: true, computed: [], parts: {}, parent: { set: 'salesShipments', via: 'documentId' }, actions: [],
  },
  // A refund credits its invoice: invoiceId / invoiceNumber link the memo to the posted invoice it corrects
  // (ALAPP APIV2SalesCreditMemos.Page.al fields; NOTES §1.3).
  salesCreditMemos: {
    page: 'SalesCreditMemos',
    fields: ['id', 'number', 'externalDocumentNumber', 'creditMemoDate', 'postingDate', 'dueDate', 'customerId', 'customerNumber', 'customerName', 'currencyCode', 'pricesIncludeTax', 'totalAmountExcludingTax', 'totalTaxAmount', 'totalAmountIncludingTax', 'status', 'invoiceId', 'invoiceNumber', 'customerReturnReasonId', ts],
    readOnly: false, computed: ['number', 'customerName', 'totalAmountExcludingTax', 'totalTaxAmount', 'totalAmountIncludingTax', 'status', ts], parts: { salesCreditMemoLines: 'salesCreditMemoLines', dimensionSetLines: 'dimensionSetLines' },
    actions: ['Microsoft.NAV.post'],
  },
  // No API v2.0 page of the lines is in bc-apiv2-page-fields.json: their names are the v1.0 contract's
  // salesCreditMemoLine schema (bc-v1.0-BCOAS1.0.yaml) plus what v2.0 added to the sales invoice lines
  // (lineObjectNumber), UNVERIFIED for these lines (test/sandbox/bc-conformance.test.ts checks exactly that).
  salesCreditMemoLines: {
    page: null, fields: ['id', 'documentId', 'sequence', 'itemId', 'lineType', 'lineObjectNumber', 'description', 'quantity', 'unitPrice', 'amountExcludingTax', 'taxCode', 'totalTaxAmount', 'amountIncludingTax'],
    readOnly: false, computed: ['documentId', 'amountExcludingTax', 'totalTaxAmount', 'amountIncludingTax'], parts: {}, parent: { set: 'salesCreditMemos', via: 'documentId' }, actions: [],
  },
  // Not a page of bc-apiv2-page-fields.json: id, code and description are what the v2.0 reference shows
  // (BCDOCS dev-itpro/api-reference/v2.0/api/dynamics_customerreturnreason_create.md); nothing else is served.
  customerReturnReasons: { page: null, fields: ['id', 'code', 'description'], readOnly: false, computed: ['id'], parts: {}, actions: [] },
  purchaseOrders: {
    page: 'PurchaseOrders', fields: ['id', 'number', 'orderDate', 'vendorId', 'vendorNumber', 'vendorName', 'currencyCode', 'totalAmountExcludingTax', 'fullyReceived', 'status', ts],
    readOnly: false, computed: ['number', 'vendorName', 'totalAmountExcludingTax', 'fullyReceived', 'status', ts], parts: { purchaseOrderLines: 'purchaseOrderLines' }, actions: ['Microsoft.NAV.receiveAndInvoice'],
  },
  purchaseOrderLines: {
    page: 'PurchaseOrderLines', fields: ['id', 'documentId', 'sequence', 'itemId', 'lineType', 'lineObjectNumber', 'description', 'quantity', 'directUnitCost', 'amountExcludingTax', 'receivedQuantity', 'invoicedQuantity'],
    readOnly: false, computed: ['documentId', 'amountExcludingTax', 'receivedQuantity', 'invoicedQuantity'], parts: {}, parent: { set: 'purchaseOrders', via: 'documentId' }, actions: [],
  },
  purchaseInvoices: {
    page: 'PurchaseInvoices',
    fields: ['id', 'number', 'invoiceDate', 'postingDate', 'dueDate', 'vendorInvoiceNumber', 'vendorId', 'vendorNumber', 'vendorName', 'currencyCode', 'orderNumber', 'totalAmountExcludingTax', 'totalAmountIncludingTax', 'status', ts],
    readOnly: false, computed: ['number', 'vendorName', 'orderNumber', 'totalAmountExcludingTax', 'totalAmountIncludingTax', 'status', ts], parts: { purchaseInvoiceLines: 'purchaseInvoiceLines' }, actions: ['Microsoft.NAV.post'],
  },
  purchaseInvoiceLines: {
    page: 'PurchaseInvoiceLines', fields: ['id', 'documentId', 'sequence', 'itemId', 'lineType', 'lineObjectNumber', 'description', 'quantity', 'unitCost', 'amountExcludingTax'],
    readOnly: false, computed: ['documentId', 'amountExcludingTax'], parts: {}, parent: { set: 'purchaseInvoices', via: 'documentId' }, actions: [],
  },
  // APIV2TaxGroups.Page.al (source table "Tax Group Buffer", temporary; taxType is not editable) and
  // APIV2PaymentMethods.Page.al: both allow inserts; code is the key a mapping refers to.
  taxGroups: { page: 'TaxGroups', fields: ['id', 'code', 'displayName', 'taxType', ts], readOnly: false, computed: ['id', 'taxType', ts], parts: {}, actions: [] },
  currencyExchangeRates: EXCHANGE_RATES_SCHEMA,
  // APIV2Locations.Page.al (read here: which lines stand at the location shipped by Amazon).
  locations: { page: 'Locations', fields: ['id', 'code', 'displayName', ts], readOnly: false, computed: ['id', ts], parts: {}, actions: [] },
  paymentMethods: { page: 'PaymentMethods', fields: ['id', 'code', 'displayName', ts], readOnly: false, computed: ['id', ts], parts: {}, actions: [] },
  customerPaymentJournals: {
    page: 'CustPaymJournals', fields: ['id', 'code', 'displayName', ts, 'balancingAccountId', 'balancingAccountNumber'],
    readOnly: false, computed: ['id', ts, 'balancingAccountNumber'], parts: { customerPayments: 'customerPayments' }, actions: [],
  },
  customerPayments: {
    page: 'CustomerPayments', fields: ['id', 'journalId', 'lineNumber', 'customerId', 'customerNumber', 'postingDate', 'documentNumber', 'externalDocumentNumber', 'amount', 'appliesToInvoiceNumber', 'description', ts],
    readOnly: false, computed: ['journalId', ts], parts: {}, parent: { set: 'customerPaymentJournals', via: 'journalId' }, actions: [],
  },
} satisfies Record<string, SetSchema>;

export type EntitySet = keyof typeof SCHEMA;

export function isEntitySet(name: string): name is EntitySet {
  return Object.prototype.hasOwnProperty.call(SCHEMA, name);
}

export function schemaOf(set: EntitySet): SetSchema {
  return SCHEMA[set];
}
