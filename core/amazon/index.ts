/** The Amazon Selling Partner API client: one import for the sync engine and the Connections screen. */
export { SpApiClient, type SpApiClientOptions, type SpApiRequest, type SpApiResponse } from './sp-api-client';
export { AmazonError, type AmazonErrorKind } from './errors';
export { LwaTokenProvider, type LwaCredentials } from './lwa-token';
export { ClientSecretDates, clientSecretAgeWarning, SECRET_ROTATION_DAYS, SECRET_WARNING_FROM_DAY } from './client-secret-age';
export { systemClock, scaledClock, type Clock } from '../clock/clock';
export { MARKETPLACES, REGIONS, LWA_TOKEN_URL, marketplaceById, marketplaceByCountry, endpointFor, type Region, type MarketplaceInfo } from './marketplaces';
export { OPERATIONS, type OperationName, type UsagePlan } from './usage-plans';
export { testAmazonConnection, type AmazonConnectionConfig, type AmazonConnectionSecrets, type AmazonConnectionResult } from './test-connection';
export { getMarketplaceParticipations, type MarketplaceParticipation } from './sellers';
export { getReports, getReport, getReportDocument, listSettlementReports, SETTLEMENT_REPORT_TYPE, type Report } from './reports';
export { downloadReportDocument, decodeReportBytes, type DownloadedReport } from './report-document';
export { listFinancialEventGroups, listFinancialEventsByGroupId, listTransactions, getVendorInvoiceHeaders } from './finances';
export { searchOrdersUpdated, ordersUpdatedByWindow, readOrdersUpdatedSince, invoiceStatusOf, getOrder, type Order, type IncludedData, type OrderWindow, type OrdersSinceRequest } from './orders';
export { getInventorySummaries, type InventorySummary } from './fba-inventory';
export { patchListingPriceAndQuantity, type ListingsSubmission } from './listings';
export { submitJsonListingsFeed, waitForFeed, getFeedProcessingReport, type Feed } from './feeds';
export { createRestrictedDataToken } from './tokens';
export { getPurchaseOrders, submitInvoices, waitForTransaction, type VendorInvoice } from './vendor';
