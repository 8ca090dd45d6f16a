/**
 * The demo SAP Business One company the emulator starts with. Field names are the Service Layer's
 * (specs/sapb1-servicelayer-v2-metadata.edmx.xml: ChartOfAccount, Dimension, ProfitCenter, Currency,
 * AdminInfo); the values are made up.
 */
export interface SapB1Account {
  Code: string;
  Name: string;
  /** tYES: a postable (active) account; tNO: a title account (B1 calls postable accounts "active"). */
  ActiveAccount: 'tYES' | 'tNO';
  FrozenFor: 'tYES' | 'tNO';
  LockManualTransaction: 'tYES' | 'tNO';
  /** "##" accepts every currency (B1's all-currencies account); otherwise one ISO code. */
  AcctCurrency: string;
  /** BoAccountTypes: sales and expenditure accounts are typed; balance-sheet accounts are Other. */
  AccountType: 'at_Revenues' | 'at_Expenses' | 'at_Other';
}

export interface SapB1Dimension { DimensionCode: number; DimensionName: string; IsActive: 'tYES' | 'tNO' }
export interface SapB1ProfitCenter { CenterCode: string; CenterName: string; InWhichDimension: number; Active: 'tYES' | 'tNO' }
export interface SapB1Rate { currency: string; date: string; rate: number }
/** edmx BusinessPartner; Currency "##" takes documents in every currency. */
export interface SapB1BusinessPartner { CardCode: string; CardName: string; CardType: 'cCustomer' | 'cSupplier' | 'cLid'; Currency: string; Frozen: 'tYES' | 'tNO'; DebitorAccount: string }
/** edmx ItemPrice: the item's price in one price list; Currency null when the list prices in the local currency. */
export interface SapB1ItemPrice { PriceList: number; Price: number; Currency: string | null }
/** edmx ItemWarehouseInfo: the item's stock in one warehouse (InStock on hand, Committed to sales orders, Ordered from vendors). */
export interface SapB1ItemWarehouse { WarehouseCode: string; InStock: number; Committed: number; Ordered: number }
/**
 * edmx Item: SalesItem says whether it may be sold on an A/R document; QuantityOnStock is the sum of InStock over
 * the warehouses; ItemPrices and ItemWarehouseInfoCollection are collection-valued properties of the item.
 */
export interface SapB1Item {
  ItemCode: string; ItemName: string; SalesItem: 'tYES' | 'tNO'; Frozen: 'tYES' | 'tNO';
  QuantityOnStock?: number; ItemPrices?: SapB1ItemPrice[]; ItemWarehouseInfoCollection?: SapB1ItemWarehouse[];
}
/** edmx Warehouse (key WarehouseCode) and PriceList (key PriceListNo). */
export interface SapB1Warehouse { WarehouseCode: string; WarehouseName: string; Inactive: 'tYES' | 'tNO' }
export interface SapB1PriceList { PriceListNo: number; PriceListName: string; DefaultPrimeCurrency: string; Active: 'tYES' | 'tNO' }

export interface SapB1Seed {
  companyDb: string;
  companyName: string;
  localCurrency: string;
  systemCurrency: string;
  users: Record<string, string>;
  accounts: SapB1Account[];
  dimensions: SapB1Dimension[];
  profitCenters: SapB1ProfitCenter[];
  currencies: string[];
  rates: SapB1Rate[];
  businessPartners: SapB1BusinessPartner[];
  items: SapB1Item[];
  warehouses: SapB1Warehouse[];
  priceLists: SapB1PriceList[];
  /** Freight codes (AdditionalExpenses: ExpensCode) a document's DocumentAdditionalExpenses may name. */
  freightCodes?: Array<{ ExpensCode: number; Name: string }>;
  /** Sales tax codes (SalesTaxCodes: Code, Name, Inactive, ValidForAR; edmx EntityType SalesTaxCode) a line's TaxCode may name. */
  taxCodes?: Array<{ Code: string; Name: string; Inactive?: 'tYES' | 'tNO'; ValidForAR?: 'tYES' | 'tNO' }>;
  /** The company's return reason codes (DocumentLine.ReturnReason); the metadata has no set listing them. */
  returnReasons?: Array<{ Code: number; Name: string }>;
  /** edmx ShippingType (EntitySet ShippingTypes, key Code): what a document's TransportationCode names. */
  shippingTypes?: SapB1ShippingType[];
  /** edmx UserFieldMD (EntitySet UserFieldsMD): the company's user-defined fields; a document carries them as U_<Name>. */
  userFields?: SapB1UserField[];
}

export interface SapB1ShippingType { Code: number; Name: string }
/** edmx UserFieldMD: TableName is the B1 table (ORDR for sales order headers, UNVERIFIED: the edmx does not map tables to sets). */
export interface SapB1UserField { TableName: string; FieldID: number; Name: string; Type: 'db_Alpha' | 'db_Memo' | 'db_Numeric' | 'db_Date' | 'db_Float'; Size: number; Description: string }

const acct = (Code: string, Name: string, more: Partial<SapB1Account> = {}): SapB1Account => ({
  Code, Name, ActiveAccount: 'tYES', FrozenFor: 'tNO', LockManualTransaction: 'tNO', AcctCurrency: '##', AccountType: 'at_Other', ...more,
});

export function defaultSapB1Seed(): SapB1Seed {
  return {
    companyDb: 'SBODEMOUS',
    companyName: 'OEC Computers (Amazon demo)',
    localCurrency: 'USD',
    systemCurrency: 'USD',
    users: { manager: 'B1Admin!' },
    accounts: [
      acct('_SYS00000000001', 'ASSETS', { ActiveAccount: 'tNO' }),
      acct('_SYS00000000010', 'Amazon Clearing'),
      acct('_SYS00000000011', 'Amazon Reserve'),
      acct('_SYS00000000012', 'Amazon Carried Forward'),
      acct('_SYS00000000015', 'Accounts Receivable'),
      acct('_SYS00000000020', 'Sales, Retail - Amazon', { AccountType: 'at_Revenues' }),
      acct('_SYS00000000021', 'Refunds - Amazon', { AccountType: 'at_Revenues' }),
      acct('_SYS00000000022', 'Sales Tax Collected'),
      acct('_SYS00000000030', 'Amazon Selling Fees', { AccountType: 'at_Expenses' }),
      acct('_SYS00000000031', 'FBA Fulfilment Fees', { AccountType: 'at_Expenses' }),
      acct('_SYS00000000032', 'Storage Fees', { AccountType: 'at_Expenses' }),
      acct('_SYS00000000033', 'Subscription', { AccountType: 'at_Expenses' }),
      acct('_SYS00000000034', 'Amazon Variances', { AccountType: 'at_Expenses' }),
      acct('_SYS00000000040', 'Old Bank (frozen)', { FrozenFor: 'tYES' }),
      acct('_SYS00000000041', 'Payroll (blocked for manual posting)', { LockManualTransaction: 'tYES', AccountType: 'at_Expenses' }),
      acct('_SYS00000000042', 'EUR Bank', { AcctCurrency: 'EUR' }),
    ],
    dimensions: [
      { DimensionCode: 1, DimensionName: 'Channel', IsActive: 'tYES' },
      { DimensionCode: 2, DimensionName: 'Region', IsActive: 'tYES' },
    ],
    profitCenters: [
      { CenterCode: 'AMZ-US', CenterName: 'Amazon US', InWhichDimension: 1, Active: 'tYES' },
      { CenterCode: 'AMZ-EU', CenterName: 'Amazon Europe', InWhichDimension: 1, Active: 'tYES' },
      { CenterCode: 'WEST', CenterName: 'West', InWhichDimension: 2, Active: 'tYES' },
    ],
    currencies: ['USD', 'EUR', 'GBP', 'CAD'],
    rates: [{ currency: 'EUR', date: '2026-06-01', rate: 1.0842 }],
    businessPartners: [
      { CardCode: 'C-AMZ-US', CardName: 'Amazon.com customers', CardType: 'cCustomer', Currency: 'USD', Frozen: 'tNO', DebitorAccount: '_SYS00000000015' },
      { CardCode: 'C-AMZ-EU', CardName: 'Amazon Europe customers', CardType: 'cCustomer', Currency: '##', Frozen: 'tNO', DebitorAccount: '_SYS00000000015' },
      { CardCode: 'C-OLD', CardName: 'Closed marketplace', CardType: 'cCustomer', Currency: '##', Frozen: 'tYES', DebitorAccount: '_SYS00000000015' },
      { CardCode: 'V-AMZ', CardName: 'Amazon Services (vendor)', CardType: 'cSupplier', Currency: '##', Frozen: 'tNO', DebitorAccount: '_SYS00000000015' },
    ],
    items: [
      item('A00001', 'Office chair, black', [[1, 149.9, 'USD'], [2, 129, 'USD'], [3, 139, 'EUR']], [['01', 30, 4], ['02', 12, 0], ['RET', 3, 0]]),
      item('A00002', 'Storage container', [[1, 24.5, 'USD'], [2, 19.99, 'USD'], [3, 22.9, 'EUR']], [['01', 8, 8], ['02', 5, 1]]),
      { ItemCode: 'A00090', ItemName: 'Spare part (not sold)', SalesItem: 'tNO', Frozen: 'tNO' },
    ],
    warehouses: [
      { WarehouseCode: '01', WarehouseName: 'General Warehouse', Inactive: 'tNO' },
      { WarehouseCode: '02', WarehouseName: 'East Coast Warehouse', Inactive: 'tNO' },
      { WarehouseCode: 'RET', WarehouseName: 'Returns (not for sale)', Inactive: 'tNO' },
    ],
    priceLists: [
      { PriceListNo: 1, PriceListName: 'Base Price', DefaultPrimeCurrency: 'USD', Active: 'tYES' },
      { PriceListNo: 2, PriceListName: 'Purchase Price', DefaultPrimeCurrency: 'USD', Active: 'tYES' },
      { PriceListNo: 3, PriceListName: 'Amazon EU', DefaultPrimeCurrency: 'EUR', Active: 'tYES' },
    ],
    freightCodes: [{ ExpensCode: 1, Name: 'Freight' }, { ExpensCode: 2, Name: 'Gift wrapping' }, { ExpensCode: 3, Name: 'Amazon promotions' }],
    taxCodes: [{ Code: 'EX', Name: 'Exempt', Inactive: 'tNO', ValidForAR: 'tYES' }, { Code: 'CA', Name: 'California', Inactive: 'tNO', ValidForAR: 'tYES' }, { Code: 'NY', Name: 'New York', Inactive: 'tNO', ValidForAR: 'tYES' }],
    returnReasons: [{ Code: 1, Name: 'Damaged' }, { Code: 2, Name: 'Defective' }, { Code: 3, Name: 'No longer needed' }],
    shippingTypes: [{ Code: 1, Name: 'Fedex' }, { Code: 2, Name: 'Amazon MCF' }],
    userFields: [
      { TableName: 'ORDR', FieldID: 0, Name: 'ShipByAmazon', Type: 'db_Alpha', Size: 1, Description: 'Shipped by Amazon (Y/N)' },
      { TableName: 'ORDR', FieldID: 1, Name: 'Channel', Type: 'db_Numeric', Size: 2, Description: 'Sales channel' },
    ],
  };
}

function item(ItemCode: string, ItemName: string, prices: [number, number, string][], stock: [string, number, number][]): SapB1Item {
  const ItemWarehouseInfoCollection = stock.map(([WarehouseCode, InStock, Committed]) => ({ WarehouseCode, InStock, Committed, Ordered: 0 }));
  return {
    ItemCode, ItemName, SalesItem: 'tYES', Frozen: 'tNO', QuantityOnStock: ItemWarehouseInfoCollection.reduce((n, w) => n + w.InStock, 0),
    ItemPrices: prices.map(([PriceList, Price, Currency]) => ({ PriceList, Price, Currency })), ItemWarehouseInfoCollection,
  };
}
