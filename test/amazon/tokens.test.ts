import { afterEach, describe, expect, it } from 'vitest';
import { AmazonError } from '../../core/amazon/errors';
import { downloadReportDocument } from '../../core/amazon/report-document';
import { createRestrictedDataToken } from '../../core/amazon/tokens';
import { demoSeller } from '../../core/sandbox/amazon/seed-data';
import { requestBodyErrors, responseErrors } from './contract';
import { AMAZON_TEST_NOW as NOW, harness, pinnedClock, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

function sellerWithRestrictedReport() {
  const s = demoSeller(NOW);
  s.reports.push({
    reportId: '90001', reportType: 'GET_FLAT_FILE_ORDER_REPORT_DATA_SHIPPING', createdTime: new Date(NOW).toISOString(),
    dataStartTime: new Date(NOW).toISOString(), dataEndTime: new Date(NOW).toISOString(), processingStatus: 'DONE',
    reportDocumentId: 'doc-restricted-90001', content: 'order-id\tbuyer-name\n111-1\tPat Example\n', charset: 'UTF-8', restricted: true,
  });
  return s;
}

describe('Restricted Data Tokens', () => {
  it('downloads a restricted report with an RDT for its specific document path', async () => {
    h = await harness({ sellers: [sellerWithRestrictedReport()], clock: pinnedClock() });
    const doc = await downloadReportDocument(h.client, 'doc-restricted-90001', { restricted: true });
    expect(doc.text).toContain('buyer-name');
    const rdtCall = h.sent.find((s) => s.url.endsWith('/tokens/2021-03-01/restrictedDataToken'));
    expect(JSON.parse(rdtCall!.body!)).toEqual({ restrictedResources: [{ method: 'GET', path: '/reports/2021-06-30/documents/doc-restricted-90001' }] });
    expect(requestBodyErrors('tokens_2021-03-01.json', 'createRestrictedDataToken', JSON.parse(rdtCall!.body!))).toEqual([]);
    // The RDT is a secret: the audit keeps it out.
    expect(JSON.stringify(h.audit.list({ system: 'amazon' }))).not.toContain('Atz.sprdt|');
  });

  it('is refused the restricted document with the plain LWA token', async () => {
    h = await harness({ sellers: [sellerWithRestrictedReport()], clock: pinnedClock() });
    const err = (await downloadReportDocument(h.client, 'doc-restricted-90001').catch((e: unknown) => e)) as AmazonError;
    expect(err).toBeInstanceOf(AmazonError);
    expect(err.kind).toBe('access-denied');
  });

  it('cannot use an RDT outside the resources it was issued for', async () => {
    h = await harness({ sellers: [sellerWithRestrictedReport()], clock: pinnedClock() });
    const rdt = await createRestrictedDataToken(h.client, [{ method: 'GET', path: '/orders/v0/orders/{orderId}' }]);
    expect(rdt.token).toMatch(/^Atz\.sprdt\|/);
    const ok = await fetch(`${h.emulator.url}/orders/2026-01-01/orders/111-0000001-0000001`, { headers: { 'x-amz-access-token': rdt.token } });
    expect(ok.status).toBe(403);
    expect(responseErrors('orders_2026-01-01.json', 'getOrder', 403, await ok.json())).toEqual([]);
  });
});
