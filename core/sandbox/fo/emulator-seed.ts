/** The demo legal entity the F&O emulator starts with: a ledger, a journal name, a chart of accounts and two dimensions. */
export interface FoSeedAccount { id: string; name: string; type?: string; suspended?: boolean; noManualEntry?: boolean; activeTo?: string }
export interface FoSeedDimensionValue { dimension: string; value: string; description: string; suspended?: boolean; blocked?: boolean; total?: boolean }

export interface FoSeed {
  legalEntity: string;
  legalEntityName: string;
  accountingCurrency: string;
  chartOfAccounts: string;
  journalNames: string[];
  accounts: FoSeedAccount[];
  /** Per-legal-entity overrides (MainAccountLegalEntities): suspended here though not in the shared chart. */
  suspendedInLegalEntity: string[];
  dimensions: string[];
  dimensionValues: FoSeedDimensionValue[];
  /** Customer accounts a free-text invoice may name (one per marketplace, as the app maps them). */
  customers: string[];
  /** Sales tax groups (VRMTaxGroups: TaxGroupCode, Description) a free-text line's SalesTaxGroup may name. */
  taxGroups: Array<{ code: string; description: string }>;
}

export function defaultFoSeed(): FoSeed {
  const a = (id: string, name: string, extra: Partial<FoSeedAccount> = {}): FoSeedAccount => ({ id, name, ...extra });
  return {
    legalEntity: 'usmf',
    legalEntityName: 'Contoso Entertainment System USA',
    accountingCurrency: 'USD',
    chartOfAccounts: 'Shared',
    journalNames: ['GenJrn', 'Daily', 'CustPay'],
    accounts: [
      a('1000', 'Balance sheet', { type: 'Total' }), a('2920', 'Amazon clearing', { type: 'BalanceSheet' }), a('2930', 'Amazon reserve', { type: 'BalanceSheet' }),
      a('2950', 'Amazon carried forward', { type: 'BalanceSheet' }), a('6100', 'Sales, retail - Amazon', { type: 'Revenue' }), a('6110', 'Refunds - Amazon', { type: 'Revenue' }),
      a('6200', 'Sales tax collected', { type: 'Liability' }), a('8410', 'Amazon selling fees', { type: 'Expense' }), a('8420', 'FBA fulfilment fees', { type: 'Expense' }),
      a('8450', 'Storage fees', { type: 'Expense' }), a('8460', 'Subscription', { type: 'Expense' }), a('8490', 'Amazon variances', { type: 'Expense' }),
      a('8900', 'Old fees', { type: 'Expense', suspended: true }), a('8910', 'System only', { type: 'Expense', noManualEntry: true }),
      a('8920', 'Closed 2020', { type: 'Expense', activeTo: '2020-12-31T12:00:00Z' }), a('8930', 'Suspended in USMF only', { type: 'Expense' }),
    ],
    suspendedInLegalEntity: ['8930'],
    dimensions: ['BusinessUnit', 'Department'],
    dimensionValues: [
      { dimension: 'BusinessUnit', value: '001', description: 'Home' }, { dimension: 'BusinessUnit', value: '002', description: 'Online' },
      { dimension: 'BusinessUnit', value: '009', description: 'Closed unit', suspended: true },
      { dimension: 'Department', value: '022', description: 'Marketplaces' }, { dimension: 'Department', value: '023', description: 'Fulfilment' },
      { dimension: 'Department', value: '099', description: 'All departments', total: true },
    ],
    customers: ['US-AMZ', 'DE-AMZ'],
    taxGroups: [{ code: 'CA', description: 'California sales tax' }, { code: 'NY', description: 'New York sales tax' }, { code: 'EXEMPT', description: 'Tax exempt' }],
  };
}
