import { describe, expect, it } from 'vitest';
import { requestBodyErrors, requestErrors, responseErrors } from './contract';

// The contract checks other tests rely on must be able to fail.
describe('contract checker', () => {
  it('rejects a query parameter the model does not declare, a bad enum value and a wrong path', () => {
    expect(requestErrors('reports_2021-06-30.json', 'getReports', 'GET', 'http://x/reports/2021-06-30/reports?reportTypes=A&NextToken=abc')).not.toEqual([]);
    expect(requestErrors('reports_2021-06-30.json', 'getReports', 'GET', 'http://x/reports/2021-06-30/reports?processingStatuses=DONE,FINISHED')).not.toEqual([]);
    expect(requestErrors('orders_2026-01-01.json', 'getOrder', 'GET', 'http://x/orders/v0/orders/1')).not.toEqual([]);
    expect(requestErrors('reports_2021-06-30.json', 'getReports', 'GET', 'http://x/reports/2021-06-30/reports?reportTypes=A,B&pageSize=100')).toEqual([]);
  });

  it('rejects a response body that misses a required field or has the wrong type', () => {
    expect(responseErrors('reports_2021-06-30.json', 'getReport', 200, { reportId: '1', reportType: 'X', createdTime: '2026-01-01T00:00:00Z' })).not.toEqual([]);
    expect(responseErrors('orders_2026-01-01.json', 'searchOrders', 200, { orders: [{ orderId: 1 }] })).not.toEqual([]);
    expect(responseErrors('financesV0.json', 'listFinancialEventGroups', 200, { payload: { FinancialEventGroupList: [{ OriginalTotal: { CurrencyAmount: '1.00' } }] } })).not.toEqual([]);
    expect(requestBodyErrors('listingsItems_2021-08-01.json', 'patchListingsItem', { productType: 'X', patches: [] })).not.toEqual([]);
  });
});
