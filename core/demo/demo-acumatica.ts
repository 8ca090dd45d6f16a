import type { MappingEntry } from '../mapping/mapping-entry';
import { startAcumaticaEmulator } from '../sandbox/acumatica/emulator';
import type { EnteredSalesOrder } from '../sandbox/acumatica/emulator-sales-order';
import type { DemoErp } from './demo-erp';

export const DEMO_ACUMATICA_CONNECTION_ID = 'demo-acumatica';

/**
 * The demo's starter mappings for its Acumatica tenant (chart and subaccounts in
 * core/sandbox/acumatica/emulator-seed.ts). Sales and refunds carry the sales department's subaccount
 * (100-000, segmented department-marketplace); the other lines take the tenant's default subaccount. As in
 * the Business Central company, the subscription fee stays unmapped so the review queue has a blocking
 * item to resolve (60400 Subscription is there to map it to).
 */
export const DEMO_ACUMATICA_MAPPINGS: readonly MappingEntry[] = [
  { kind: 'account', subject: 'clearing', target: '10200', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'account', subject: 'reserve', target: '10250', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'account', subject: 'carriedForward', target: '10260', transactionType: '', amountType: '', amountDescription: '', dimensions: {} },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemPrice', amountDescription: 'Principal', target: '40000', dimensions: { SUBACCOUNT: '100-000' } },
  { kind: 'fee', subject: '', transactionType: 'Refund', amountType: 'ItemPrice', amountDescription: 'Principal', target: '40100', dimensions: { SUBACCOUNT: '100-000' } },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemFees', amountDescription: 'Commission', target: '60100', dimensions: {} },
  { kind: 'fee', subject: '', transactionType: '*', amountType: 'ItemFees', amountDescription: 'FBAPerUnitFulfillmentFee', target: '60200', dimensions: {} },
];

/**
 * Web-shop orders in the demo tenant, their lines at FBA, the warehouse of the stock Amazon holds: set up
 * Multi-Channel Fulfillment with warehouse FBA and map an Amazon SKU to CHAIR01 and BOX01, and they go to
 * Amazon; the tracking comes back on the order's note. The second order keeps a line at MAIN, shipped
 * from the seller's own warehouse.
 */
export const DEMO_ACUMATICA_WEB_ORDERS: readonly EnteredSalesOrder[] = [
  {
    CustomerID: 'AMZUS', CustomerOrder: 'WEB-1001', ShipVia: 'UPSGROUND', Details: [{ InventoryID: 'CHAIR01', OrderQty: 1, UnitPrice: 149.9, WarehouseID: 'FBA' }],
    ShipToAddress: { AddressLine1: '1 Main St', City: 'Seattle', State: 'WA', PostalCode: '98101', Country: 'US' }, ShipToContact: { Attention: 'Jane Doe', Phone1: '+1 206 555 0100' },
  },
  {
    CustomerID: 'AMZUS', CustomerOrder: 'WEB-1002', Details: [{ InventoryID: 'BOX01', OrderQty: 2, UnitPrice: 24.5, WarehouseID: 'FBA' }, { InventoryID: 'CHAIR01', OrderQty: 1, UnitPrice: 149.9, WarehouseID: 'MAIN' }],
    ShipToAddress: { AddressLine1: '200 Park Ave', AddressLine2: 'Floor 3', City: 'New York', State: 'NY', PostalCode: '10166', Country: 'US' }, ShipToContact: { Attention: 'John Roe', BusinessName: 'Roe & Co' },
  },
];

/**
 * The demo's Acumatica tenant: a loopback instance of the contract-based REST API, signed in with OAuth 2.0
 * through a connected application. Its books are in USD and its journals take any currency it holds (USD,
 * EUR, GBP, CAD, JPY), so every demo settlement posts in its own currency, where the Business Central
 * company converts them into EUR.
 */
export const demoAcumatica: DemoErp = {
  connectionId: DEMO_ACUMATICA_CONNECTION_ID,
  starterMappings: DEMO_ACUMATICA_MAPPINGS,
  async start(ws) {
    const clientId = '3F2504E0-4F89-11D3-9A0C-0305E82C3301@Company';
    const acu = await startAcumaticaEmulator({ clock: ws.clock, tenant: 'Company', clientId, clientSecret: 'acu-secret', username: 'admin', password: 'acu-password', salesOrders: DEMO_ACUMATICA_WEB_ORDERS });
    return {
      connection: {
        kind: 'acumatica',
        name: 'Acumatica (demo)',
        settings: { instanceUrl: acu.url, tenant: 'Company', endpointName: 'Default', endpointVersion: '24.200.001', branch: 'HEADOFFICE', signIn: 'password', clientId, username: 'admin',
          returnReasons: 'DAMAGED Damaged, DEFECTIVE Defective, WRONGITEM Wrong item, NOTNEEDED No longer needed' },
      },
      secrets: { clientSecret: 'acu-secret', password: 'acu-password' },
      url: acu.url,
      stop: () => acu.stop(),
    };
  },
};
