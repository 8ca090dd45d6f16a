import type { StockItemStock } from './emulator-inventory';
/** The demo tenant's books: a US company on USD with a segmented subaccount (department-marketplace). */
export interface SeedAccount { AccountCD: string; Description: string; Type: 'Asset' | 'Liability' | 'Income' | 'Expense'; Active: boolean; CurrencyID?: string }
export interface SeedSubaccount { SubaccountCD: string; Description: string; Active: boolean }

export const SEED_ACCOUNTS: readonly SeedAccount[] = [
  { AccountCD: '10200', Description: 'Amazon Clearing', Type: 'Asset', Active: true },
  { AccountCD: '10250', Description: 'Amazon Reserve', Type: 'Asset', Active: true },
  { AccountCD: '10260', Description: 'Amazon Carried Forward', Type: 'Asset', Active: true },
  { AccountCD: '22000', Description: 'Sales Tax Collected', Type: 'Liability', Active: true },
  { AccountCD: '40000', Description: 'Sales - Amazon', Type: 'Income', Active: true },
  { AccountCD: '40100', Description: 'Refunds - Amazon', Type: 'Income', Active: true },
  { AccountCD: '60100', Description: 'Amazon Selling Fees', Type: 'Expense', Active: true },
  { AccountCD: '60200', Description: 'FBA Fulfilment Fees', Type: 'Expense', Active: true },
  { AccountCD: '60300', Description: 'Storage Fees', Type: 'Expense', Active: true },
  { AccountCD: '60400', Description: 'Subscription', Type: 'Expense', Active: true },
  { AccountCD: '69000', Description: 'Amazon Variances', Type: 'Expense', Active: true },
  { AccountCD: '69900', Description: 'Old Suspense (inactive)', Type: 'Expense', Active: false },
];

/** Taxes (swagger Tax: TaxID, Description, TaxType) an AR invoice's TaxDetails may name. */
export interface SeedTax { TaxID: string; Description: string; TaxType: string }
export const SEED_TAXES: readonly SeedTax[] = [
  { TaxID: 'CASALES', Description: 'California sales tax', TaxType: 'Sales' },
  { TaxID: 'NYSALES', Description: 'New York sales tax', TaxType: 'Sales' },
  { TaxID: 'EXEMPT', Description: 'Tax exempt', TaxType: 'Sales' },
];

export const SEED_SUBACCOUNTS: readonly SeedSubaccount[] = [
  { SubaccountCD: '000-000', Description: 'Default', Active: true },
  { SubaccountCD: '100-000', Description: 'Sales - all marketplaces', Active: true },
  { SubaccountCD: '100-AMZUS', Description: 'Sales - Amazon US', Active: true },
  { SubaccountCD: '100-AMZDE', Description: 'Sales - Amazon DE', Active: true },
  { SubaccountCD: '900-OLD', Description: 'Closed department', Active: false },
];

export const SEED_CURRENCIES = [
  { CurrencyID: 'USD', Description: 'US Dollar', DecimalPrecision: 2 },
  { CurrencyID: 'EUR', Description: 'Euro', DecimalPrecision: 2 },
  { CurrencyID: 'CAD', Description: 'Canadian Dollar', DecimalPrecision: 2 },
  { CurrencyID: 'GBP', Description: 'Pound Sterling', DecimalPrecision: 2 },
  { CurrencyID: 'JPY', Description: 'Japanese Yen', DecimalPrecision: 0 },
] as const;

export const SEED_LEDGERS = [{ LedgerID: 'ACTUAL', Description: 'Actual ledger', Type: 'Actual', Currency: 'USD' }] as const;
export const SEED_BRANCHES = ['HEADOFFICE', 'WEST'] as const;

/** Customers (swagger Customer): one per marketplace, as the app maps them; Status as Acumatica words it. */
export interface SeedCustomer { CustomerID: string; CustomerName: string; Status: 'Active' | 'Inactive' | 'On Hold'; CurrencyID: string }
export const SEED_CUSTOMERS: readonly SeedCustomer[] = [
  { CustomerID: 'AMZUS', CustomerName: 'Amazon.com customers', Status: 'Active', CurrencyID: 'USD' },
  { CustomerID: 'AMZDE', CustomerName: 'Amazon.de customers', Status: 'Active', CurrencyID: 'EUR' },
  { CustomerID: 'AMZOLD', CustomerName: 'Closed marketplace', Status: 'Inactive', CurrencyID: 'USD' },
];

/** Stock items (swagger StockItem). */
export interface SeedStockItem { InventoryID: string; Description: string; ItemStatus: 'Active' | 'Inactive' | 'No Sales' }
export const SEED_STOCK_ITEMS: readonly SeedStockItem[] = [
  { InventoryID: 'CHAIR01', Description: 'Office chair, black', ItemStatus: 'Active' },
  { InventoryID: 'BOX01', Description: 'Storage container', ItemStatus: 'Active' },
  { InventoryID: 'LAMP01', Description: 'Desk lamp (discontinued)', ItemStatus: 'Inactive' },
];

/** Sales order types: behaviour SO issues stock, RC takes it back (a return order). Codes as on a standard tenant, UNVERIFIED. */
export interface SeedOrderType { OrderType: string; behavior: 'SO' | 'RC' }
export const SEED_ORDER_TYPES: readonly SeedOrderType[] = [{ OrderType: 'SO', behavior: 'SO' }, { OrderType: 'RC', behavior: 'RC' }];

/**
 * The tenant's warehouses (swagger Warehouse): the two the stock sits in; FBA, the one a seller keeps for the
 * stock Amazon holds, whose orders Amazon ships (Multi-Channel Fulfillment); RETURNS takes goods not fit for
 * sale; OLD is no longer active.
 */
export interface SeedWarehouse { WarehouseID: string; Description: string; Active: boolean }
export const SEED_WAREHOUSES: readonly SeedWarehouse[] = [
  { WarehouseID: 'MAIN', Description: 'Main warehouse', Active: true },
  { WarehouseID: 'EAST', Description: 'East coast warehouse', Active: true },
  { WarehouseID: 'FBA', Description: 'Stock at Amazon (FBA)', Active: true },
  { WarehouseID: 'RETURNS', Description: 'Returns, not for sale', Active: true },
  { WarehouseID: 'OLD', Description: 'Closed warehouse', Active: false },
];

/** The tenant's reason codes a return line may carry (no entity in the swagger lists them). */
export const SEED_REASON_CODES: readonly string[] = ['DAMAGED', 'DEFECTIVE', 'WRONGITEM', 'NOTNEEDED'];

/** What the stock items hold per warehouse, and their default warehouse and price (swagger StockItem, StockItemWarehouseDetail). */
export function seedStock(): StockItemStock[] {
  return [
    { InventoryID: 'CHAIR01', DefaultWarehouseID: 'MAIN', DefaultPrice: 149.9, WarehouseDetails: [{ WarehouseID: 'MAIN', QtyOnHand: 20 }, { WarehouseID: 'EAST', QtyOnHand: 5 }] },
    { InventoryID: 'BOX01', DefaultWarehouseID: 'MAIN', DefaultPrice: 24.5, WarehouseDetails: [{ WarehouseID: 'MAIN', QtyOnHand: 3 }] },
  ];
}
