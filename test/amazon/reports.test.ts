import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AmazonError } from '../../core/amazon/errors';
import { decodeReportBytes, downloadReportDocument } from '../../core/amazon/report-document';
import { listSettlementReports, SETTLEMENT_REPORT_TYPE } from '../../core/amazon/reports';
import { demoSeller, type SeedReport } from '../../core/sandbox/amazon/seed-data';
import { requestErrors } from './contract';
import { AMAZON_TEST_NOW as NOW, harness, pinnedClock, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const DAY = 86_400_000;

function sellerWith(reports: SeedReport[]) {
  const s = demoSeller(NOW);
  return { ...s, reports };
}

function settlement(id: string, daysAgo: number, extra: Partial<SeedReport> = {}): SeedReport {
  const created = new Date(NOW - daysAgo * DAY).toISOString();
  return {
    reportId: id, reportType: SETTLEMENT_REPORT_TYPE, createdTime: created, dataStartTime: created, dataEndTime: created,
    processingStatus: 'DONE', reportDocumentId: `doc-${id}`, content: `settlement-id\ttotal-amount\n${id}\t1.00\n`, charset: 'UTF-8', ...extra,
  };
}

describe('settlement reports', () => {
  it('finds every settlement report of the last 90 days across pages, with requests the model accepts', async () => {
    const reports = Array.from({ length: 150 }, (_, i) => settlement(String(60000 + i), i % 89));
    reports.push(settlement('old', 95));
    h = await harness({ sellers: [sellerWith(reports)], clock: pinnedClock() });
    const found = await listSettlementReports(h.client);
    expect(found).toHaveLength(150);
    expect(found.some((r) => r.reportId === 'old')).toBe(false);
    expect(h.sent.length).toBe(2);
    for (const s of h.sent) expect(requestErrors('reports_2021-06-30.json', 'getReports', s.method, s.url)).toEqual([]);
    expect(new URL(h.sent[1]!.url).searchParams.size).toBe(1);
  });

  it('downloads the demo US settlement: gzip by magic bytes, charset from the header', async () => {
    h = await harness({ clock: pinnedClock() });
    const doc = await downloadReportDocument(h.client, 'amzn1.spdoc.1.4.na.50001');
    expect(doc.gunzipped).toBe(true);
    expect(doc.charsetSource).toBe('header');
    expect(doc.text.split('\n')[0]?.split('\t')[0]).toBe('settlement-id');
    expect(doc.text).toContain('1234.50');
    // The document itself is not copied into the audit log (Amazon: never store report content unencrypted).
    const download = h.audit.list({ system: 'amazon' }).find((r) => r.operation === 'reportDocument.download');
    expect(download?.response).toBeNull();
    expect(download?.request).not.toContain('X-Amz-Signature');
  });

  it('reads a European settlement without a charset header as UTF-8 when it is valid UTF-8, with local number format', async () => {
    h = await harness({ clock: pinnedClock() });
    const doc = await downloadReportDocument(h.client, 'amzn1.spdoc.1.4.na.50002', { marketplaceCountry: 'DE' });
    expect(doc.charsetSource).toBe('strict-utf-8');
    expect(doc.text).toContain('TASSE-GRÜN');
    expect(doc.text).toContain('1095,00');
    expect(doc.text).toMatch(/\t\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} UTC\t/);
  });

  it('does not decompress twice when the document is served with Content-Encoding: gzip', async () => {
    h = await harness({ clock: pinnedClock() });
    h.emulator.faults.documentContentEncodingGzip = true;
    const doc = await downloadReportDocument(h.client, 'amzn1.spdoc.1.4.na.50001');
    expect(doc.gunzipped).toBe(true);
    expect(doc.text).toContain('1234.50');
  });

  it('reads a document flagged GZIP that is plain text', async () => {
    // Amazon has flagged plain documents as GZIP (selling-partner-api-models#2648).
    h = await harness({ sellers: [sellerWith([settlement('70001', 1, { content: 'plain\ttext\n', compressed: false })])], clock: pinnedClock() });
    const doc = await downloadReportDocument(h.client, 'doc-70001');
    expect(doc.gunzipped).toBe(false);
    expect(doc.text).toBe('plain\ttext\n');
  });

  it('asks for a new URL when the presigned one expired before the download', async () => {
    h = await harness({ clock: pinnedClock() });
    let expireNext = true;
    const original = h.client.request.bind(h.client);
    // Let the URL expire between getReportDocument and the download, once.
    h.client.request = async (req) => {
      const res = await original(req);
      if (req.operation === 'getReportDocument' && expireNext) {
        expireNext = false;
        h.emulator.faults.expireDocumentUrls();
      }
      return res;
    };
    const doc = await downloadReportDocument(h.client, 'amzn1.spdoc.1.4.na.50001');
    expect(doc.urlRefetches).toBe(1);
    expect(doc.text).toContain('1234.50');
  });

  it('fails with a clear message when every URL has expired', async () => {
    h = await harness({ clock: pinnedClock() });
    const original = h.client.request.bind(h.client);
    h.client.request = async (req) => {
      const res = await original(req);
      if (req.operation === 'getReportDocument') h.emulator.faults.expireDocumentUrls();
      return res;
    };
    const err = (await downloadReportDocument(h.client, 'amzn1.spdoc.1.4.na.50001').catch((e: unknown) => e)) as AmazonError;
    expect(err.kind).toBe('document');
    expect(err.message).toMatch(/kept expiring/);
  });
});

describe('report text decoding', () => {
  const cp1252 = Buffer.from([0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e, 0x09, 0x80]); // "München\t€"
  const sjis = Buffer.from([0x93, 0xfa, 0x96, 0x7b]); // "日本"

  it('uses the header charset, mapping Amazon labels such as Cp1252', () => {
    expect(decodeReportBytes(cp1252, 'text/plain; charset=Cp1252')).toMatchObject({ text: 'München\t€', charset: 'windows-1252', charsetSource: 'header' });
  });

  it('uses the BOM when there is no charset', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Größe', 'utf8')]);
    expect(decodeReportBytes(withBom, 'text/plain')).toMatchObject({ text: 'Größe', charsetSource: 'bom' });
  });

  it('falls back to windows-1252, or Shift_JIS for Japan, when the bytes are not UTF-8', () => {
    expect(decodeReportBytes(cp1252, undefined, 'DE')).toMatchObject({ text: 'München\t€', charsetSource: 'fallback' });
    expect(decodeReportBytes(sjis, undefined, 'JP')).toMatchObject({ text: '日本', charset: 'shift_jis' });
    expect(decodeReportBytes(sjis, 'text/plain;charset=windows-31j')).toMatchObject({ text: '日本', charsetSource: 'header' });
  });

  it('downloads a gzip Shift_JIS document for Japan served without a charset', async () => {
    h = await harness({ sellers: [sellerWith([settlement('80001', 1, { content: new Uint8Array(sjis), charset: null })])], clock: pinnedClock() });
    const doc = await downloadReportDocument(h.client, 'doc-80001', { marketplaceCountry: 'JP' });
    expect(doc).toMatchObject({ text: '日本', charset: 'shift_jis', gunzipped: true });
    expect(gzipSync(sjis).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});
