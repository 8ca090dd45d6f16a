import { allItemsByToken } from './next-token-pages';
import { z } from 'zod';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

export const SETTLEMENT_REPORT_TYPE = 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2';
const DAY = 86_400_000;

/** Report (reports_2021-06-30.json; required processingStatus, reportId, reportType, createdTime). */
export const ReportSchema = z.object({
  reportId: z.string(),
  reportType: z.string(),
  createdTime: z.string(),
  processingStatus: z.enum(['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE']),
  marketplaceIds: z.array(z.string()).optional(),
  dataStartTime: z.string().optional(),
  dataEndTime: z.string().optional(),
  reportScheduleId: z.string().optional(),
  processingStartTime: z.string().optional(),
  processingEndTime: z.string().optional(),
  reportDocumentId: z.string().optional(),
});
export type Report = z.infer<typeof ReportSchema>;

const GetReportsSchema = z.object({ reports: z.array(ReportSchema), nextToken: z.string().optional() });

export const ReportDocumentSchema = z.object({
  reportDocumentId: z.string(),
  url: z.string(),
  compressionAlgorithm: z.literal('GZIP').optional(),
});
export type ReportDocumentInfo = z.infer<typeof ReportDocumentSchema>;

export interface GetReportsFilter {
  reportTypes: string[];
  processingStatuses?: Report['processingStatus'][];
  marketplaceIds?: string[];
  createdSince?: Date;
  createdUntil?: Date;
  pageSize?: number;
}

/**
 * All reports matching the filter, following nextToken. The token is sent as the only parameter, as
 * getReports demands ("Specifying nextToken with any other parameters will cause the request to fail").
 */
export async function getReports(client: SpApiClient, filter: GetReportsFilter, signal?: AbortSignal): Promise<Report[]> {
  const first = {
    reportTypes: filter.reportTypes,
    processingStatuses: filter.processingStatuses,
    marketplaceIds: filter.marketplaceIds,
    createdSince: filter.createdSince?.toISOString(),
    createdUntil: filter.createdUntil?.toISOString(),
    pageSize: filter.pageSize ?? 100,
  };
  return allItemsByToken(
    'getReports',
    async (nextToken) => {
      const query = nextToken === undefined ? first : { nextToken };
      const res = await client.request({ operation: 'getReports', method: 'GET', path: '/reports/2021-06-30/reports', query, ...(signal ? { signal } : {}) });
      return parseBody(GetReportsSchema, res.body, 'getReports');
    },
    (page) => page.nextToken,
    (page) => page.reports,
  );
}

/**
 * Settlement reports Amazon generated in the last 90 days ("Reports are retained for a maximum of 90 days",
 * getReports createdSince). Settlement reports cannot be requested, only found (report-type-values-settlement).
 * The marketplaceIds filter is ignored for them by Amazon, so none is sent (NOTES.md §6.1).
 */
export async function listSettlementReports(client: SpApiClient, signal?: AbortSignal): Promise<Report[]> {
  // A minute inside the window so clock skew cannot push createdSince past Amazon's 90-day limit.
  const since = new Date(client.clock.now() - 90 * DAY + 60_000);
  return getReports(client, { reportTypes: [SETTLEMENT_REPORT_TYPE], processingStatuses: ['DONE'], createdSince: since }, signal);
}

export async function getReport(client: SpApiClient, reportId: string, signal?: AbortSignal): Promise<Report> {
  const res = await client.request({ operation: 'getReport', method: 'GET', path: `/reports/2021-06-30/reports/${encodeURIComponent(reportId)}`, ...(signal ? { signal } : {}) });
  return parseBody(ReportSchema, res.body, 'getReport');
}

export function reportDocumentPath(reportDocumentId: string): string {
  return `/reports/2021-06-30/documents/${encodeURIComponent(reportDocumentId)}`;
}

/** `restrictedDataToken` is required for restricted report types (PII), and only for them. */
export async function getReportDocument(client: SpApiClient, reportDocumentId: string, signal?: AbortSignal, restrictedDataToken?: string): Promise<ReportDocumentInfo> {
  const res = await client.request({
    operation: 'getReportDocument',
    method: 'GET',
    path: reportDocumentPath(reportDocumentId),
    ...(signal ? { signal } : {}),
    ...(restrictedDataToken ? { accessToken: restrictedDataToken } : {}),
  });
  return parseBody(ReportDocumentSchema, res.body, 'getReportDocument');
}

export interface CreateReportSpecification {
  reportType: string;
  marketplaceIds: string[];
  dataStartTime?: Date;
  dataEndTime?: Date;
}

/** createReport (CreateReportSpecification: marketplaceIds and reportType required, reports_2021-06-30.json); answers the reportId. */
export async function createReport(client: SpApiClient, spec: CreateReportSpecification, signal?: AbortSignal): Promise<string> {
  const res = await client.request({
    operation: 'createReport',
    method: 'POST',
    path: '/reports/2021-06-30/reports',
    body: {
      reportType: spec.reportType,
      marketplaceIds: spec.marketplaceIds,
      ...(spec.dataStartTime ? { dataStartTime: spec.dataStartTime.toISOString() } : {}),
      ...(spec.dataEndTime ? { dataEndTime: spec.dataEndTime.toISOString() } : {}),
    },
    ...(signal ? { signal } : {}),
  });
  return parseBody(z.object({ reportId: z.string() }), res.body, 'createReport').reportId;
}
