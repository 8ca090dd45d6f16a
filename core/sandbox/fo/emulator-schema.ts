/**
 * The F&O data entities the emulator serves: public collection name, composite key and the properties it
 * keeps, all as in BALFO's OpenAPI (../shared/reference/erp/specs/fo-ballerina-openapi-ledger.json, CSDL
 * 10.0.47; NOTES §2.2-2.3). test/sandbox/fo-conformance.test.ts holds them to that file. `company` says
 * whether rows belong to a legal entity (dataAreaId), which `cross-company=true` reads across.
 */
export interface EntitySchema {
  key: readonly string[];
  fields: readonly string[];
  company: boolean;
  /** Properties F&O sets itself on create; a client that sends them is refused. */
  readOnly?: readonly string[];
  /** Enum-typed properties and the enum each takes (its members come from the spec). */
  enums?: Readonly<Record<string, readonly string[]>>;
  /**
   * Not in BALFO's OpenAPI (NOTES §2.3 lists the collection name as third-party only): property names from
   * Microsoft's Common Data Model entity definition named here; collection name, key and the link of lines
   * to their header UNVERIFIED until checked against a tenant's $metadata.
   */
  unverified?: string;
}

const NO_YES = ['No', 'Yes'] as const;
/** DimensionLedgerAccountType in the spec. */
export const MAIN_ACCOUNT_TYPES = ['Blank', 'ProfitAndLoss', 'Revenue', 'Expense', 'BalanceSheet', 'Asset', 'Liability', 'Equity', 'Total', 'Reporting', 'Common_CN'] as const;
/** LedgerJournalACType in the spec. */
const AC_TYPES = ['Ledger', 'Cust', 'Vend', 'Project', 'FixedAssets', 'Bank', 'FixedAssets_RU', 'Employee_RU', 'RDeferrals', 'RCash'] as const;

export const SCHEMA = {
  Ledgers: { key: ['LegalEntityId'], company: false, fields: ['LegalEntityId', 'Name', 'Description', 'AccountingCurrency', 'ReportingCurrency', 'ChartOfAccounts', 'FiscalCalendar', 'ExchangeRateType'] },
  JournalNames: { key: ['dataAreaId', 'Name'], company: true, fields: ['dataAreaId', 'Name', 'Description', 'Type', 'PostingLayer', 'Currency'] },
  MainAccounts: {
    key: ['ChartOfAccounts', 'MainAccountId'], company: false,
    fields: ['ChartOfAccounts', 'MainAccountId', 'Name', 'MainAccountType', 'IsSuspended', 'DoNotAllowManualEntry', 'ActiveFrom', 'ActiveTo'],
    enums: { MainAccountType: MAIN_ACCOUNT_TYPES, IsSuspended: NO_YES, DoNotAllowManualEntry: NO_YES },
  },
  MainAccountLegalEntities: {
    key: ['MainAccountId', 'ChartOfAccounts', 'LegalEntityId'], company: false,
    fields: ['MainAccountId', 'ChartOfAccounts', 'LegalEntityId', 'IsSuspended', 'DoNotAllowManualEntry', 'ActiveFrom', 'ActiveTo'],
    enums: { IsSuspended: NO_YES, DoNotAllowManualEntry: NO_YES },
  },
  DimensionAttributes: { key: ['DimensionName'], company: false, fields: ['DimensionName', 'ReportColumnName', 'UseValuesFrom'] },
  FinancialDimensionValues: {
    key: ['FinancialDimension', 'LegalEntityId', 'DimensionValue'], company: false,
    fields: ['FinancialDimension', 'LegalEntityId', 'DimensionValue', 'Description', 'IsSuspended', 'IsBlockedForManualEntry', 'IsTotal', 'ActiveFrom', 'ActiveTo'],
    enums: { IsSuspended: NO_YES, IsBlockedForManualEntry: NO_YES, IsTotal: NO_YES },
  },
  LedgerJournalHeaders: {
    key: ['dataAreaId', 'JournalBatchNumber'], company: true,
    fields: ['dataAreaId', 'JournalBatchNumber', 'JournalName', 'Description', 'IsPosted', 'PostingLayer', 'AccountingCurrency', 'JournalTotalDebit', 'JournalTotalCredit', 'IntegrationKey'],
    readOnly: ['JournalBatchNumber', 'IsPosted', 'JournalTotalDebit', 'JournalTotalCredit', 'AccountingCurrency'],
    enums: { IsPosted: NO_YES },
  },
  LedgerJournalLines: {
    key: ['dataAreaId', 'JournalBatchNumber', 'LineNumber'], company: true,
    fields: ['dataAreaId', 'JournalBatchNumber', 'LineNumber', 'TransDate', 'AccountType', 'AccountDisplayValue', 'DebitAmount', 'CreditAmount', 'CurrencyCode', 'ExchRate', 'Text', 'DocumentNum', 'Voucher'],
    readOnly: ['Voucher'],
    enums: { AccountType: AC_TYPES },
  },
  FreeTextInvoiceHeaders: {
    key: ['dataAreaId', 'FreeTextNumber'], company: true,
    fields: ['dataAreaId', 'FreeTextNumber', 'RecId', 'CustomerAccount', 'InvoiceDate', 'DueDate', 'CurrencyCode', 'CustomerReference', 'InvoiceId', 'IsPosted'],
    readOnly: ['FreeTextNumber', 'RecId', 'InvoiceId', 'IsPosted'],
    enums: { IsPosted: NO_YES },
    unverified: 'CDM FreeTextInvoiceHeaderEntity (microsoft/CDM schemaDocuments/core/operationsCommon/Entities/Finance/AccountsReceivable); RecId is the entity view\'s record id',
  },
  FreeTextInvoiceLines: {
    key: ['dataAreaId', 'ParentRecId', 'LineNumber'], company: true,
    fields: ['dataAreaId', 'ParentRecId', 'LineNumber', 'Description', 'MainAccountDisplayValue', 'Quantity', 'UnitPrice', 'SalesTaxGroup', 'TransactionCurrencyAmount', 'CurrencyCode'],
    readOnly: ['TransactionCurrencyAmount'],
    unverified: 'CDM FreeTextInvoiceLineEntity (same folder); lines name their header by ParentRecId, as third-party code posts them (NOTES §2.3); SalesTaxGroup from the same entity',
  },
  // The spec's one entity over sales tax groups (fo-ballerina-openapi-core.json /VRMTaxGroups, key dataAreaId + TaxGroupCode).
  VRMTaxGroups: { key: ['dataAreaId', 'TaxGroupCode'], company: true, fields: ['dataAreaId', 'TaxGroupCode', 'Description'] },
  CustomersV3: {
    key: ['dataAreaId', 'CustomerAccount'], company: true,
    fields: ['dataAreaId', 'CustomerAccount', 'OrganizationName', 'SalesCurrencyCode', 'OnHoldStatus'],
    enums: { OnHoldStatus: ['No', 'Invoice', 'All', 'Payment', 'Requisition', 'Never', 'PurchOrder'] },
  },
  CustomerPaymentJournalHeaders: {
    key: ['dataAreaId', 'JournalBatchNumber'], company: true,
    fields: ['dataAreaId', 'JournalBatchNumber', 'JournalName', 'Description', 'IsPosted'],
    readOnly: ['JournalBatchNumber', 'IsPosted'],
    enums: { IsPosted: NO_YES },
  },
  CustomerPaymentJournalLines: {
    key: ['dataAreaId', 'JournalBatchNumber', 'LineNumber'], company: true,
    fields: [
      'dataAreaId', 'JournalBatchNumber', 'LineNumber', 'TransactionDate', 'AccountType', 'AccountDisplayValue', 'OffsetAccountType', 'OffsetAccountDisplayValue',
      'DebitAmount', 'CreditAmount', 'CurrencyCode', 'MarkedInvoice', 'MarkedInvoiceCompany', 'PaymentReference', 'TransactionText', 'Voucher',
    ],
    readOnly: ['Voucher'],
    enums: { AccountType: AC_TYPES, OffsetAccountType: AC_TYPES },
  },
} as const satisfies Record<string, EntitySchema>;

export type EntitySet = keyof typeof SCHEMA;

export function isEntitySet(name: string): name is EntitySet {
  return Object.prototype.hasOwnProperty.call(SCHEMA, name);
}

export function schemaOf(set: EntitySet): EntitySchema {
  return SCHEMA[set];
}
