export { D365FoConnector, type D365FoConnectorOptions } from './client';
export { D365FoSettingsSchema, dimensionNames, type D365FoSettings } from './settings';
export { ledgerDisplayValue, type LedgerDimensionFormat } from './ledger-account';
export { testFoConnection } from './test-connection';
