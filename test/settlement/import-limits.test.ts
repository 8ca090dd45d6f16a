import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expansionLimits, gunzipBounded } from '../../core/net/expansion-limits';
import { loadSettlement, readSettlement, type SettlementReadOptions } from '../../core/settlement';
import { importSettlement } from '../../core/settlement/settlement-store';
import { XmlTokenizer } from '../../core/settlement/xml-tokenizer';
import { openDatabase, type Db } from '../../core/store';
import { chunked, lineRow, summaryRow, v2Text } from './settlement-fixtures';

const MB = 1 << 20;

async function refusal(bytes: Uint8Array, chunkSize: number, options: SettlementReadOptions = {}): Promise<{ message: string }> {
  try {
    await loadSettlement(readSettlement(chunked(bytes, chunkSize), { fileName: 'big.txt', ...options }));
  } catch (e) {
    return { message: (e as Error).message };
  }
  throw new Error('expected the file to be refused');
}

/** A settlement whose one line repeats until the text is `bytes` long: it compresses about a thousand times. */
function repetitive(bytes: number): Buffer {
  const row = v2Text([lineRow()]).split('\n')[1]! + '\n';
  const head = v2Text([summaryRow()]);
  return Buffer.from(head + row.repeat(Math.ceil((bytes - head.length) / row.length)));
}

let zipped: Buffer | undefined;
/** 64 MB of settlement text as about 0.2 MB of gzip. */
const bomb = () => (zipped ??= gzipSync(repetitive(64 * MB)));

describe('a file that is not a settlement is refused quickly, in plain words', () => {
  it('a file of one 64 MB line stops at its first MB, naming line 1, without reading the rest', async () => {
    const bytes = Buffer.alloc(64 * MB, 0x61);
    let pulled = 0;
    const counted = Readable.from((function* () {
      for (let i = 0; i < bytes.length; i += 64 * 1024) { pulled += 64 * 1024; yield bytes.subarray(i, i + 64 * 1024); }
    })());
    await expect(loadSettlement(readSettlement(counted, { fileName: 'big.txt' }))).rejects.toThrow(
      'big.txt, line 1: line 1 is longer than 1 MB: this is not a settlement report (a settlement line is a few hundred bytes); nothing was stored',
    );
    // The first MB, and what the stream had read ahead (16 chunks), of 64 MB.
    expect(pulled).toBeLessThanOrEqual(2 * MB + 64 * 1024);
  });

  it('names the long line further down, whether it arrives in one chunk, in many, or after a BOM', async () => {
    const text = v2Text([summaryRow(), lineRow(), lineRow({ sku: 'x'.repeat(2 * MB) }), lineRow()]);
    for (const [bytes, chunk] of [[Buffer.from(text), 8 * MB], [Buffer.from(text), 4096], [Buffer.from('\ufeff' + text), 4096], [Buffer.from('\ufeff' + text), 8 * MB]] as const) {
      expect((await refusal(bytes, chunk)).message).toMatch(/^big\.txt, line 4: line 4 is longer than 1 MB/);
    }
  });

  it('a shorter cap can be asked for, and lines within it still read', async () => {
    const text = v2Text([summaryRow(), lineRow({ sku: 'x'.repeat(1200) })]);
    expect((await refusal(Buffer.from(text), 64, { maxLineLength: 1000 })).message).toMatch(/line 3 is longer than 1000 bytes/);
    const s = await loadSettlement(readSettlement(chunked(Buffer.from(text), 64), { maxLineLength: 2000 }));
    expect(s.lines).toHaveLength(1);
  });

  it('a gzip that expands over 100 times its size stops long before it is all inflated', async () => {
    expect(bomb().byteLength).toBeLessThan(MB / 2);
    const r = await refusal(bomb(), 64 * 1024);
    const m = r.message.match(/^big\.txt, line \d+: the file expands to more than (\d+) MB from [\d.]+ MB of gzip \(over 100 times; a settlement report compresses about 8 times\): this is not a settlement report; nothing was stored$/);
    expect(m).not.toBeNull();
    // Stopped at the allowance (16 MB for so small a gzip), a quarter of the 64 MB the file holds.
    expect(Number(m![1])).toBeLessThanOrEqual(16);
  });

  it('the absolute bound names the setting that raises it; the default comes from ML_CONNECTOR_MAX_EXPANDED_MB', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => lineRow({ 'order-id': `111-${1_000_000 + i * 7919}-${i}`, amount: String(((i * 37) % 9000) / 100) }));
    const gz = gzipSync(Buffer.from(v2Text([summaryRow(), ...rows])));
    const r = await refusal(gz, 64 * 1024, { expansion: { maxBytes: 1 * MB, maxRatio: 100 } });
    expect(r.message).toMatch(/the file expands to more than 1 MB when decompressed, more than this workspace accepts \(set ML_CONNECTOR_MAX_EXPANDED_MB to accept larger files\); nothing was stored$/);
    expect(expansionLimits({ ML_CONNECTOR_MAX_EXPANDED_MB: '4096' }).maxBytes).toBe(4096 * MB);
    expect(expansionLimits({}).maxBytes).toBe(2048 * MB);
    expect(expansionLimits({ ML_CONNECTOR_MAX_EXPANDED_MB: 'lots' }).maxBytes).toBe(2048 * MB);
  });

  it('a report document downloaded from Amazon is held to the same bounds', () => {
    expect(() => gunzipBounded(bomb())).toThrow(/the file expands to more than \d+ MB from [\d.]+ MB of gzip/);
    expect(gunzipBounded(gzipSync(Buffer.from('a\tb\n'))).toString()).toBe('a\tb\n');
  });

  it('an XML comment that never closes is refused once it passes 1 MB, without being searched again for every line', async () => {
    const xml = '<?xml version="1.0"?>\n<AmazonEnvelope>\n<!-- ' + 'never closed\n'.repeat(200_000);
    const r = await refusal(Buffer.from(xml), 64 * 1024);
    expect(r.message).toMatch(/XML: a tag, comment or text runs on for more than 1,048,576 characters: this is not a settlement report$/);

    // The reader feeds the tokenizer a line at a time, as here. Searching the held comment again for each line
    // would search about 80,000 lines times half a MB; holding it searches each character about once.
    const tokenizer = new XmlTokenizer({ open: () => {}, text: () => {}, close: () => {} });
    let fed = 0;
    const lines = xml.split(/(?<=\n)/);
    expect(() => {
      for (const line of lines) {
        fed += line.length;
        tokenizer.feed(line);
      }
    }).toThrow(/runs on for more than 1,048,576 characters/);
    expect(fed).toBeGreaterThan(MB);
    expect(tokenizer.searched).toBeLessThan(2 * fed);
  });
});

describe('a refused import stores nothing', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-limits-'));
    db = openDatabase(join(dir, 'ws.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('neither the expanding gzip nor the endless line leaves a settlement, a line or an audit row behind', async () => {
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    await expect(importSettlement(db, chunked(bomb(), 64 * 1024), { fileName: 'bomb.gz' })).rejects.toThrow(/expands to more than \d+ MB from [\d.]+ MB of gzip/);
    const longLast = Buffer.from(v2Text([summaryRow(), lineRow()]) + 'z'.repeat(3 * MB));
    await expect(importSettlement(db, chunked(longLast, 256 * 1024), { fileName: 'long.txt' })).rejects.toThrow(/line 4 is longer than 1 MB/);
    expect([count('settlement'), count('settlement_version'), count('settlement_line'), count('audit_event')]).toEqual([0, 0, 0, 0]);
  });
});
