export { BusinessCentralConnector, MAX_BATCH_OPERATIONS, type BusinessCentralConnectorOptions } from './client';
export { resolveEndpoints, BC_SCOPE, type BusinessCentralSettings, type BusinessCentralSecrets } from './auth';
export { testBusinessCentralConnection, type TestConnectionResult } from './test-connection';
