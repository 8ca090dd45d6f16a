/**
 * The fields each served endpoint version defines for the entities the emulator holds, as in the Default
 * endpoint swaggers (../shared/reference/erp/specs/acumatica-Default_23.200.001.swagger.json and
 * acumatica-Default_24.200.001.swagger.json; test/sandbox/acumatica-conformance.test.ts checks every
 * name against them). A field a version does not define is refused, so a client that sends one finds out.
 */
export const ACUMATICA_ENTITIES = [
  'Account', 'Subaccount', 'Ledger', 'Currency', 'JournalTransaction', 'JournalTransactionDetail', 'SalesInvoice', 'SalesInvoiceDetail', 'SalesInvoiceTaxDetail', 'SalesInvoiceApplicationCreditMemo', 'Customer', 'StockItem',
  'Payment', 'PaymentDetail',
  'StockItemWarehouseDetail', 'InventoryAdjustment', 'InventoryAdjustmentDetail',
  'SalesOrder', 'SalesOrderDetail', 'Warehouse',
] as const;
export type AcumaticaEntity = (typeof ACUMATICA_ENTITIES)[number];

const common: Record<AcumaticaEntity, readonly string[]> = {
  Account: ['AccountCD', 'AccountClass', 'AccountGroup', 'AccountID', 'Active', 'CashAccount', 'CurrencyID', 'Description', 'LastModifiedDateTime', 'PostOption', 'Type'],
  Subaccount: ['Active', 'Description', 'SubaccountCD', 'SubaccountID'],
  Ledger: ['Currency', 'Description', 'LastModifiedDateTime', 'LedgerID', 'Type'],
  Currency: ['Active', 'CurrencyID', 'CurrencySymbol', 'DecimalPrecision', 'Description', 'LastModifiedDateTime', 'UseForAccounting'],
  JournalTransaction: ['BatchNbr', 'BranchID', 'CreatedDateTime', 'CurrencyID', 'Description', 'Details', 'Hold', 'LastModifiedDateTime', 'LedgerID', 'Module', 'PostPeriod', 'Status', 'TransactionDate'],
  JournalTransactionDetail: ['Account', 'BranchID', 'CreditAmount', 'DebitAmount', 'Description', 'LineNbr', 'ReferenceNbr', 'Subaccount', 'TransactionDescription'],
  SalesInvoice: ['Amount', 'ApplicationsCreditMemo', 'Balance', 'Currency', 'CustomerID', 'CustomerOrder', 'Date', 'Description', 'Details', 'DueDate', 'Hold', 'LastModifiedDateTime', 'ReferenceNbr', 'Status', 'TaxDetails', 'TaxTotal', 'Type'],
  SalesInvoiceDetail: ['Amount', 'BranchID', 'Description', 'InventoryID', 'LineNbr', 'Qty', 'TransactionDescr', 'UnitPrice'],
  SalesInvoiceTaxDetail: ['TaxAmount', 'TaxID', 'TaxableAmount'],
  SalesInvoiceApplicationCreditMemo: ['AmountPaid', 'Balance', 'DocType', 'ReferenceNbr', 'Status'],
  Customer: ['CurrencyID', 'CustomerID', 'CustomerName', 'LastModifiedDateTime', 'Status'],
  StockItem: ['DefaultPrice', 'DefaultWarehouseID', 'Description', 'InventoryID', 'ItemStatus'],
  // DocumentsToApply (PaymentDetail) is the payment's detail array, read apart as Details are.
  Payment: ['ApplicationDate', 'AppliedToDocuments', 'AvailableBalance', 'CashAccount', 'CurrencyID', 'CustomerID', 'Description', 'Hold', 'LastModifiedDateTime', 'PaymentAmount', 'PaymentMethod', 'PaymentRef', 'ReferenceNbr', 'Status', 'Type'],
  PaymentDetail: ['AmountPaid', 'DocType', 'ReferenceNbr'],
  StockItemWarehouseDetail: ['QtyOnHand', 'WarehouseID'],
  InventoryAdjustment: ['Date', 'Description', 'ExternalRef', 'Hold', 'LastModifiedDateTime', 'ReferenceNbr', 'Status', 'TotalQty'],
  InventoryAdjustmentDetail: ['InventoryID', 'Qty', 'ReasonCode', 'WarehouseID'],
  SalesOrder: ['CurrencyID', 'CustomerID', 'CustomerOrder', 'Date', 'Description', 'Details', 'Hold', 'LastModified', 'OrderNbr', 'OrderTotal', 'OrderType', 'Status'],
  SalesOrderDetail: ['Amount', 'Branch', 'InventoryID', 'InvoiceNbr', 'InvoiceType', 'LineDescription', 'LineNbr', 'Operation', 'OrderQty', 'ReasonCode', 'UnitPrice', 'WarehouseID'],
  Warehouse: ['Active', 'Description', 'WarehouseID'],
};

/**
 * Fields per version. The journal and sales invoice fields the connector uses are the same in both versions
 * (both swaggers), except that only 24.200.001 gives an invoice line its Account (a line booked to an account).
 */
export const FIELDS_BY_VERSION: Readonly<Record<string, Record<AcumaticaEntity, readonly string[]>>> = {
  '23.200.001': common,
  '24.200.001': { ...common, SalesInvoiceDetail: [...common.SalesInvoiceDetail, 'Account'] },
};
export const SERVED_VERSIONS = Object.keys(FIELDS_BY_VERSION);
