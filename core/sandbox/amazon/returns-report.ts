import type { SeedCustomerReturn, SeedReport, SeedSeller } from './seed-data';

export const RETURNS_REPORT_TYPE = 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA';

/**
 * Columns per "FBA Customer Concessions reports attributes" (developer-docs.amazon.com/sp-api/docs/
 * fba-customer-concessions-reports-attributes). Tab-delimited with one header row is UNVERIFIED there.
 */
const COLUMNS = ['return-date', 'order-id', 'sku', 'asin', 'fnsku', 'product-name', 'quantity', 'fulfillment-center-id', 'detailed-disposition', 'reason', 'status', 'license-plate-number', 'customer-comments'];

export function returnsReportText(returns: readonly SeedCustomerReturn[]): string {
  const rows = returns.map((r) => [r.returnDate, r.orderId, r.sku, r.asin, r.fnsku, r.productName, String(r.quantity), r.fulfillmentCenterId, r.detailedDisposition, r.reason, r.status, r.licensePlateNumber, r.customerComments ?? ''].join('\t'));
  return [COLUMNS.join('\t'), ...rows].join('\n') + '\n';
}

/**
 * createReport of the returns report: the returns whose return-date falls in dataStartTime..dataEndTime
 * (both default to now, CreateReportSpecification). The report is DONE at once; how long Amazon takes is
 * UNVERIFIED, and the client waits however long it is.
 */
export function requestReturnsReport(seller: SeedSeller, spec: { dataStartTime?: string; dataEndTime?: string; marketplaceIds?: string[] }, now: number): string {
  const from = spec.dataStartTime ? Date.parse(spec.dataStartTime) : now;
  const until = spec.dataEndTime ? Date.parse(spec.dataEndTime) : now;
  const inWindow = (seller.customerReturns ?? []).filter((r) => Date.parse(r.returnDate) >= from && Date.parse(r.returnDate) <= until);
  const n = seller.reports.length + 1;
  const report: SeedReport = {
    reportId: `R-RET-${n}`,
    reportType: RETURNS_REPORT_TYPE,
    createdTime: new Date(now).toISOString(),
    dataStartTime: new Date(from).toISOString(),
    dataEndTime: new Date(until).toISOString(),
    ...(inWindow.length ? { processingStatus: 'DONE' as const, reportDocumentId: `amzn1.spdoc.1.4.na.returns.${n}`, content: returnsReportText(inWindow) } : { processingStatus: 'CANCELLED' as const }),
    marketplaceIds: spec.marketplaceIds ?? [],
    charset: 'UTF-8',
  };
  seller.reports.push(report);
  return report.reportId;
}
