import { demoExchangeRates, type SeedExchangeRate } from './emulator-exchange-rates';

/**
 * The emulated company's master data: a small chart of accounts (with the postability flags BC has:
 * accountType Posting/Heading, blocked, directPosting), two dimensions, items, customers, a vendor and
 * open purchase orders for the vendor flow. Numbers follow the CRONUS demo style. An account's category is
 * its G/L Account Category (Assets, Liabilities, Equity, Income, Cost of Goods Sold, Expense), subCategory
 * the company's subcategory under it, as API v2.0's accounts page serves both.
 */
export interface SeedAccount { number: string; displayName: string; category: string; subCategory?: string; accountType: 'Posting' | 'Heading' | 'Total'; blocked?: boolean; directPosting?: boolean }
export interface SeedDimension { code: string; displayName: string; values: Array<{ code: string; displayName: string }> }
export interface SeedItem { number: string; displayName: string; unitPrice: number; unitCost: number; inventory: number }
export interface SeedParty { number: string; displayName: string; currencyCode: string }
export interface SeedCode { code: string; displayName: string }
/** A tax group and the rate the emulator charges on a line that names it (BC keeps the rate in its VAT posting setup). */
export interface SeedTaxGroup extends SeedCode { percent: number }
export interface SeedPurchaseOrder { number: string; vendorNumber: string; orderDate: string; lines: Array<{ itemNumber: string; quantity: number; directUnitCost: number }> }

export interface BusinessCentralSeed {
  companyName: string;
  /** Local currency (LCY); BC's journalLines page has no currency field, so journals post in LCY. */
  localCurrency: string;
  accounts: SeedAccount[];
  dimensions: SeedDimension[];
  items: SeedItem[];
  customers: SeedParty[];
  vendors: SeedParty[];
  purchaseOrders: SeedPurchaseOrder[];
  /** Tax groups (W1 with VAT: the VAT product posting groups; taxType "VAT"). */
  taxGroups: SeedTaxGroup[];
  paymentMethods: SeedCode[];
  /** Warehouse locations; AMAZON-FBA stands for stock in Amazon's network (Multi-Channel Fulfillment). */
  locations?: SeedCode[];
  /** Customer return reasons (Return Reason table), what a return's credit memo names. */
  returnReasons?: Array<{ code: string; description: string }>;
  /** Exchange rates against the local currency (emulator-exchange-rates.ts). */
  exchangeRates?: SeedExchangeRate[];
}

export function defaultSeed(): BusinessCentralSeed {
  return {
    companyName: 'CRONUS Marketplace Ltd.',
    localCurrency: 'EUR',
    accounts: [
      { number: '1000', displayName: 'BALANCE SHEET', category: 'Assets', accountType: 'Heading' },
      { number: '2920', displayName: 'Amazon Clearing', category: 'Assets', subCategory: 'Accounts Receivable', accountType: 'Posting' },
      { number: '2930', displayName: 'Amazon Reserve', category: 'Assets', subCategory: 'Accounts Receivable', accountType: 'Posting' },
      { number: '2940', displayName: 'Bank, Operating', category: 'Assets', subCategory: 'Cash', accountType: 'Posting' },
      { number: '2310', displayName: 'Customers Domestic', category: 'Assets', subCategory: 'Accounts Receivable', accountType: 'Posting', directPosting: false },
      { number: '6100', displayName: 'Sales, Retail - Amazon', category: 'Income', subCategory: 'Income, Product Sales', accountType: 'Posting' },
      { number: '6110', displayName: 'Refunds - Amazon', category: 'Income', subCategory: 'Sales Returns & Allowances', accountType: 'Posting' },
      { number: '8410', displayName: 'Amazon Selling Fees', category: 'Expense', subCategory: 'Fees Expense', accountType: 'Posting' },
      { number: '8420', displayName: 'FBA Fulfilment Fees', category: 'Expense', subCategory: 'Fees Expense', accountType: 'Posting' },
      { number: '8430', displayName: 'Advertising', category: 'Expense', subCategory: 'Advertising Expense', accountType: 'Posting' },
      { number: '8440', displayName: 'Shipping Charges', category: 'Expense', subCategory: 'Fees Expense', accountType: 'Posting' },
      { number: '8999', displayName: 'Closed Account', category: 'Expense', subCategory: 'Other Income & Expenses', accountType: 'Posting', blocked: true },
      { number: '9999', displayName: 'TOTAL', category: 'Expense', accountType: 'Total' },
    ],
    dimensions: [
      { code: 'MARKETPLACE', displayName: 'Marketplace', values: [
        { code: 'AMAZON-DE', displayName: 'Amazon.de' }, { code: 'AMAZON-FR', displayName: 'Amazon.fr' },
        { code: 'AMAZON-UK', displayName: 'Amazon.co.uk' }, { code: 'AMAZON-US', displayName: 'Amazon.com' }] },
      { code: 'CHANNEL', displayName: 'Fulfilment Channel', values: [
        { code: 'FBA', displayName: 'Fulfilled by Amazon' }, { code: 'FBM', displayName: 'Fulfilled by Merchant' }] },
    ],
    items: [
      { number: '1896-S', displayName: 'ATHENS Desk', unitPrice: 1000.8, unitCost: 780.7, inventory: 12 },
      { number: '1900-S', displayName: 'PARIS Guest Chair, black', unitPrice: 192.8, unitCost: 150.4, inventory: 40 },
      { number: '1906-S', displayName: 'ATHENS Mobile Pedestal', unitPrice: 281.4, unitCost: 219.5, inventory: 7 },
      { number: '1908-S', displayName: 'LONDON Swivel Chair, blue', unitPrice: 190.1, unitCost: 148.3, inventory: 0 },
    ],
    customers: [
      { number: 'AMZ-DE', displayName: 'Amazon.de customers', currencyCode: '' },
      { number: 'AMZ-FR', displayName: 'Amazon.fr customers', currencyCode: '' },
      { number: 'AMZ-UK', displayName: 'Amazon.co.uk customers', currencyCode: 'GBP' },
    ],
    vendors: [{ number: 'V-AMZ-EU', displayName: 'Amazon EU S.a r.l.', currencyCode: '' }],
    taxGroups: [
      { code: 'STANDARD', displayName: 'Standard VAT (19%)', percent: 19 }, { code: 'REDUCED', displayName: 'Reduced VAT (7%)', percent: 7 },
      { code: 'ZERO', displayName: 'No VAT', percent: 0 },
    ],
    paymentMethods: [
      { code: 'BANK', displayName: 'Bank transfer' }, { code: 'AMAZON', displayName: 'Amazon settlement disbursement' },
      { code: 'CASH', displayName: 'Cash' },
    ],
    exchangeRates: demoExchangeRates(),
    locations: [{ code: 'MAIN', displayName: 'Main warehouse' }, { code: 'AMAZON-FBA', displayName: 'Amazon FBA (multi-channel)' }],
    returnReasons: [
      { code: 'DAMAGED', description: 'Damaged by the customer' }, { code: 'DEFECTIVE', description: 'Defective item' },
      { code: 'WRONG', description: 'Wrong item shipped' }, { code: 'UNWANTED', description: 'No longer wanted' },
    ],
    purchaseOrders: [
      { number: '106001', vendorNumber: 'V-AMZ-EU', orderDate: '2026-10-02', lines: [{ itemNumber: '1900-S', quantity: 20, directUnitCost: 150.4 }, { itemNumber: '1906-S', quantity: 5, directUnitCost: 219.5 }] },
      { number: '106002', vendorNumber: 'V-AMZ-EU', orderDate: '2026-10-09', lines: [{ itemNumber: '1896-S', quantity: 3, directUnitCost: 780.7 }] },
    ],
  };
}
