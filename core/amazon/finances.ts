import { allItemsByToken, pagesByToken } from './next-token-pages';
import { z } from 'zod';
import { parseJsonKeepingDecimals } from './lossless-json';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

/**
 * Finances v0 (financesV0.json) and 2024-06-19 (finances_2024-06-19.json). Both send money as JSON numbers
 * (BigDecimal `type: number`); amounts are read as the exact decimal text (`CurrencyAmount: "25.37"`) and
 * never pass through a float.
 */
const DECIMAL_KEYS = new Set(['CurrencyAmount', 'currencyAmount']);

const CurrencyV0 = z.object({ CurrencyCode: z.string().optional(), CurrencyAmount: z.string().optional() });

export const FinancialEventGroupSchema = z.object({
  FinancialEventGroupId: z.string().optional(),
  ProcessingStatus: z.string().optional(),
  FundTransferStatus: z.string().optional(),
  OriginalTotal: CurrencyV0.optional(),
  ConvertedTotal: CurrencyV0.optional(),
  FundTransferDate: z.string().optional(),
  TraceId: z.string().optional(),
  AccountTail: z.string().optional(),
  BeginningBalance: CurrencyV0.optional(),
  FinancialEventGroupStart: z.string().optional(),
  FinancialEventGroupEnd: z.string().optional(),
});
export type FinancialEventGroup = z.infer<typeof FinancialEventGroupSchema>;

const GroupsResponse = z.object({
  payload: z.object({ NextToken: z.string().optional(), FinancialEventGroupList: z.array(FinancialEventGroupSchema).optional() }).optional(),
});

/** The 34 event lists are passed through as Amazon sent them (amounts as decimal strings). */
export type FinancialEvents = Record<string, Record<string, unknown>[]>;
const EventsResponse = z.object({
  payload: z.object({ NextToken: z.string().optional(), FinancialEvents: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).optional() }).optional(),
});

const TransactionSchema = z
  .object({
    transactionId: z.string().optional(),
    transactionType: z.string().optional(),
    transactionStatus: z.string().optional(),
    description: z.string().optional(),
    postedDate: z.string().optional(),
    totalAmount: z.object({ currencyCode: z.string().optional(), currencyAmount: z.string().optional() }).optional(),
    relatedIdentifiers: z.array(z.object({ relatedIdentifierName: z.string().optional(), relatedIdentifierValue: z.string().optional() })).optional(),
    marketplaceDetails: z.object({ marketplaceId: z.string().optional(), marketplaceName: z.string().optional() }).optional(),
    sellingPartnerMetadata: z.object({ sellingPartnerId: z.string().optional(), accountType: z.string().optional(), marketplaceId: z.string().optional() }).optional(),
  })
  .passthrough();
export type Transaction = z.infer<typeof TransactionSchema>;
const TransactionsResponse = z.object({
  payload: z.object({ nextToken: z.string().optional(), transactions: z.array(TransactionSchema).optional() }).optional(),
});

const lossless = (body: string) => parseJsonKeepingDecimals(body, DECIMAL_KEYS);

export interface GroupFilter {
  startedAfter?: Date;
  startedBefore?: Date;
  maxResultsPerPage?: number;
}

/**
 * Every financial event group in the range. v0 paging: "call the operation with this token and include
 * the same arguments as the call that produced the token" (NextToken, financesV0.json), and pages may be empty.
 */
export async function listFinancialEventGroups(client: SpApiClient, filter: GroupFilter, signal?: AbortSignal): Promise<FinancialEventGroup[]> {
  const base = {
    MaxResultsPerPage: filter.maxResultsPerPage ?? 100,
    FinancialEventGroupStartedAfter: filter.startedAfter?.toISOString(),
    FinancialEventGroupStartedBefore: filter.startedBefore?.toISOString(),
  };
  return allItemsByToken(
    'listFinancialEventGroups',
    async (NextToken) => {
      const res = await client.request({ operation: 'listFinancialEventGroups', method: 'GET', path: '/finances/v0/financialEventGroups', query: { ...base, NextToken }, ...(signal ? { signal } : {}) });
      return parseBody(GroupsResponse, res.body, 'listFinancialEventGroups', lossless(res.body));
    },
    (page) => page.payload?.NextToken,
    (page) => page.payload?.FinancialEventGroupList,
  );
}

/**
 * The events of one group, page by page (an async generator, so a caller can store each page before the
 * next is asked for and a 2,000-page group never sits in memory at once).
 */
export async function* listFinancialEventsByGroupId(
  client: SpApiClient,
  eventGroupId: string,
  options: { maxResultsPerPage?: number; postedAfter?: Date; postedBefore?: Date; signal?: AbortSignal } = {},
): AsyncGenerator<FinancialEvents> {
  const base = {
    MaxResultsPerPage: options.maxResultsPerPage ?? 100,
    PostedAfter: options.postedAfter?.toISOString(),
    PostedBefore: options.postedBefore?.toISOString(),
  };
  const pages = pagesByToken(
    'listFinancialEventsByGroupId',
    async (NextToken) => {
      const res = await client.request({
        operation: 'listFinancialEventsByGroupId',
        method: 'GET',
        path: `/finances/v0/financialEventGroups/${encodeURIComponent(eventGroupId)}/financialEvents`,
        query: { ...base, NextToken },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return parseBody(EventsResponse, res.body, 'listFinancialEventsByGroupId', lossless(res.body));
    },
    (page) => page.payload?.NextToken,
  );
  for await (const page of pages) yield (page.payload?.FinancialEvents ?? {}) as FinancialEvents;
}

export interface TransactionFilter {
  postedAfter?: Date;
  postedBefore?: Date;
  marketplaceId?: string;
  transactionStatus?: 'DEFERRED' | 'RELEASED' | 'DEFERRED_RELEASED';
  relatedIdentifier?: { name: 'FINANCIAL_EVENT_GROUP_ID' | 'ORDER_ID'; value: string };
}

/** Finances 2024-06-19 listTransactions, following nextToken with the same arguments. */
export async function listTransactions(client: SpApiClient, filter: TransactionFilter, signal?: AbortSignal): Promise<Transaction[]> {
  const base = {
    postedAfter: filter.postedAfter?.toISOString(),
    postedBefore: filter.postedBefore?.toISOString(),
    marketplaceId: filter.marketplaceId,
    transactionStatus: filter.transactionStatus,
    relatedIdentifierName: filter.relatedIdentifier?.name,
    relatedIdentifierValue: filter.relatedIdentifier?.value,
  };
  return allItemsByToken(
    'listTransactions',
    async (nextToken) => {
      const res = await client.request({
        operation: 'listTransactions',
        method: 'GET',
        path: '/finances/2024-06-19/transactions',
        query: { ...base, nextToken },
        ...(filter.marketplaceId ? { marketplaceId: filter.marketplaceId } : {}),
        ...(signal ? { signal } : {}),
      });
      return parseBody(TransactionsResponse, res.body, 'listTransactions', lossless(res.body));
    },
    (page) => page.payload?.nextToken,
    (page) => page.payload?.transactions,
  );
}

const InvoiceHeaderSchema = z
  .object({
    invoiceNumber: z.string(),
    invoiceIdentifier: z.string(),
    invoiceStatus: z.enum(['IN_PROGRESS', 'REJECTED', 'PARTIALLY_PAID', 'PARTIALLY_DEDUCTED', 'PAID', 'DEDUCTED']),
    invoiceType: z.string(),
    issueDate: z.string(),
    invoiceAmount: z.object({ currencyCode: z.string().optional(), currencyAmount: z.string().optional() }).passthrough(),
    relatedIdentifiers: z.array(z.object({ relatedIdentifierName: z.string(), relatedIdentifierValue: z.unknown() })).optional(),
  })
  .passthrough();
export type VendorInvoiceHeader = z.infer<typeof InvoiceHeaderSchema>;
const InvoiceHeadersResponse = z.object({ invoices: z.array(InvoiceHeaderSchema).optional(), nextToken: z.string().optional() });

/**
 * Finances Invoices 2026-06-25 getInvoiceHeaders: vendor AP invoices with their payment status
 * (IN_PROGRESS ... PAID) and remittance ids (relatedIdentifiers UNIQUE_PAYMENT_IDS). "The range between
 * fromIssueDate and toIssueDate must not exceed 90 days. Either provide both dates or leave both empty"
 * (financesInvoices_2026-06-25.json); pages of 100 follow nextToken with the same arguments.
 */
export async function getVendorInvoiceHeaders(
  client: SpApiClient,
  filter: { marketplaceId: string; fromIssueDate?: Date; toIssueDate?: Date; invoicesModifiedAfter?: Date; signal?: AbortSignal },
): Promise<VendorInvoiceHeader[]> {
  if ((filter.fromIssueDate === undefined) !== (filter.toIssueDate === undefined)) throw new RangeError('Give both fromIssueDate and toIssueDate, or neither');
  if (filter.fromIssueDate && filter.toIssueDate && filter.toIssueDate.getTime() - filter.fromIssueDate.getTime() > 90 * 86_400_000) {
    throw new RangeError('Amazon accepts at most 90 days between fromIssueDate and toIssueDate');
  }
  const base = {
    marketplaceId: filter.marketplaceId,
    fromIssueDate: filter.fromIssueDate?.toISOString(),
    toIssueDate: filter.toIssueDate?.toISOString(),
    invoicesModifiedAfter: filter.invoicesModifiedAfter?.toISOString(),
  };
  return allItemsByToken(
    'getInvoiceHeaders',
    async (nextToken) => {
      const res = await client.request({
        operation: 'getInvoiceHeaders',
        method: 'GET',
        path: '/finances/invoices/2026-06-25/invoices',
        query: { ...base, nextToken },
        marketplaceId: filter.marketplaceId,
        ...(filter.signal ? { signal: filter.signal } : {}),
      });
      return parseBody(InvoiceHeadersResponse, res.body, 'getInvoiceHeaders', lossless(res.body));
    },
    (page) => page.nextToken,
    (page) => page.invoices,
  );
}
