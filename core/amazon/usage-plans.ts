/**
 * Default usage plans (rate = tokens added per second, burst = bucket size) per SP-API operation.
 * Every number is copied from the "**Usage Plan:**" table in the operation's description in the official
 * models (amzn/selling-partner-api-models @ 34dc93fe, see ../shared/reference/amazon/NOTES.md Appendix A);
 * test/amazon/usage-plans.test.ts re-reads the models and fails if a number here drifts from them.
 * Amazon may grant a seller more: x-amzn-RateLimit-Limit on a response then replaces the rate.
 */
export interface UsagePlan {
  rate: number;
  burst: number;
}

export interface OperationInfo extends UsagePlan {
  /** Model file (under models/) whose description states the usage plan. */
  model: string;
  /** False when the model states no usage plan and the numbers are our assumption. */
  stated?: boolean;
}

export const OPERATIONS = {
  getMarketplaceParticipations: { model: 'sellers.json', rate: 0.016, burst: 15 },
  getAccount: { model: 'sellers.json', rate: 0.016, burst: 15 },
  getReports: { model: 'reports_2021-06-30.json', rate: 0.0222, burst: 10 },
  getReport: { model: 'reports_2021-06-30.json', rate: 2, burst: 15 },
  createReport: { model: 'reports_2021-06-30.json', rate: 0.0167, burst: 15 },
  getReportDocument: { model: 'reports_2021-06-30.json', rate: 0.0167, burst: 15 },
  listFinancialEventGroups: { model: 'financesV0.json', rate: 0.5, burst: 30 },
  listFinancialEventsByGroupId: { model: 'financesV0.json', rate: 0.5, burst: 30 },
  listTransactions: { model: 'finances_2024-06-19.json', rate: 0.5, burst: 10 },
  searchOrders: { model: 'orders_2026-01-01.json', rate: 0.0056, burst: 20 },
  getOrder: { model: 'orders_2026-01-01.json', rate: 0.5, burst: 30 },
  getInventorySummaries: { model: 'fbaInventory.json', rate: 2, burst: 2 },
  getListingsItem: { model: 'listingsItems_2021-08-01.json', rate: 5, burst: 10 },
  patchListingsItem: { model: 'listingsItems_2021-08-01.json', rate: 5, burst: 5 },
  putListingsItem: { model: 'listingsItems_2021-08-01.json', rate: 5, burst: 10 },
  createFeedDocument: { model: 'feeds_2021-06-30.json', rate: 0.5, burst: 15 },
  createFeed: { model: 'feeds_2021-06-30.json', rate: 0.0083, burst: 15 },
  getFeed: { model: 'feeds_2021-06-30.json', rate: 2, burst: 15 },
  getFeeds: { model: 'feeds_2021-06-30.json', rate: 0.0222, burst: 10 },
  getFeedDocument: { model: 'feeds_2021-06-30.json', rate: 0.0222, burst: 10 },
  createRestrictedDataToken: { model: 'tokens_2021-03-01.json', rate: 1, burst: 10 },
  getPurchaseOrders: { model: 'vendorOrders.json', rate: 10, burst: 10 },
  submitAcknowledgement: { model: 'vendorOrders.json', rate: 10, burst: 10 },
  submitInvoices: { model: 'vendorInvoices.json', rate: 10, burst: 10 },
  // The model's operationId is capitalised.
  SubmitShipmentConfirmations: { model: 'vendorShipments.json', rate: 10, burst: 10 },
  getTransaction: { model: 'vendorTransactionStatus.json', rate: 10, burst: 20 },
  // Not in the shared reference folder: copied from amzn/selling-partner-api-models @ 34dc93f (fulfillment-outbound-api-model).
  createFulfillmentOrder: { model: 'fulfillmentOutbound_2020-07-01.json', rate: 2, burst: 30 },
  getFulfillmentOrder: { model: 'fulfillmentOutbound_2020-07-01.json', rate: 2, burst: 30 },
  getFulfillmentPreview: { model: 'fulfillmentOutbound_2020-07-01.json', rate: 2, burst: 30 },
  cancelFulfillmentOrder: { model: 'fulfillmentOutbound_2020-07-01.json', rate: 2, burst: 30 },
  // financesInvoices_2026-06-25.json states no usage plan (NOTES.md §2). Assumed: the other Finances
  // 2024-06-19 operations' 0.5/s, burst 10, until x-amzn-RateLimit-Limit says otherwise.
  getInvoiceHeaders: { model: 'financesInvoices_2026-06-25.json', rate: 0.5, burst: 10, stated: false },
} as const satisfies Record<string, OperationInfo>;

export type OperationName = keyof typeof OPERATIONS;

export function usagePlan(operation: OperationName): UsagePlan {
  const { rate, burst } = OPERATIONS[operation];
  return { rate, burst };
}
