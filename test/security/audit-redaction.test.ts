import { afterEach, describe, expect, it } from 'vitest';
import { downloadReportDocument } from '../../core/amazon/report-document';
import { harness, type Harness } from '../amazon/harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('a report download leaves no working pre-signed URL in the audit log', () => {
  it('getReportDocument and the download are audited without the URL signature', async () => {
    h = await harness();
    await downloadReportDocument(h.client, 'amzn1.spdoc.1.4.na.50001');
    const rows = h.audit.list({ system: 'amazon' });
    expect(rows.some((r) => r.operation === 'getReportDocument' && r.response?.includes('X-Amz-Signature=[redacted]'))).toBe(true);
    for (const row of rows) {
      const stored = JSON.stringify(row);
      expect(stored, `${row.operation} #${row.id}`).not.toMatch(/X-Amz-Signature=(?!\[redacted\])/i);
    }
  });
});
