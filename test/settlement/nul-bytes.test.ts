import { describe, expect, it } from 'vitest';
import { lineRow, parseError, summaryRow, v2Text, V2_COLUMNS } from './settlement-fixtures';

// A NUL inside a field truncates it in C-string consumers (ERP connectors, spreadsheets, terminals) and is
// never part of a real settlement, so the row is refused where it stands instead of being stored.
describe('NUL bytes in a settlement field', () => {
  it('refuses a flat-file row with the line and column of the NUL, shown escaped', async () => {
    const err = await parseError(v2Text([summaryRow(), lineRow(), lineRow({ sku: 'SKU\u0000-2' })]));
    expect(err.message).toContain('line 4, column "sku", value "SKU\\0-2"');
    expect(err.message).toMatch(/NUL/);
    expect(err.message).not.toContain('\u0000');
  });

  it('refuses a NUL in the header and in an unknown column', async () => {
    const header = await parseError(v2Text([summaryRow()]).replace('currency', 'curr\u0000ency'));
    expect(header.message).toContain('line 1, column "curr\\0ency"');
    const extra = await parseError(v2Text([summaryRow(), lineRow({ 'seller-note': '\u0000' })], { columns: [...V2_COLUMNS, 'seller-note'] }));
    expect(extra.message).toContain('line 3, column "seller-note"');
  });

  it('says a file full of NULs is probably UTF-16 without a byte-order mark', async () => {
    const utf16 = Buffer.from(v2Text([summaryRow(), lineRow()]), 'utf16le');
    expect((await parseError(utf16)).message).toMatch(/line 1.*NUL.*UTF-16/);
  });

  it('refuses a NUL in an XML element with the line and the element', async () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<AmazonEnvelope><Message><SettlementReport>',
      '<SettlementData><AmazonSettlementID>1</AmazonSettlementID><TotalAmount currency="GBP">0.00</TotalAmount></SettlementData>',
      '<OtherTransaction><TransactionType>Storage\u0000Fee</TransactionType></OtherTransaction>',
      '</SettlementReport></Message></AmazonEnvelope>',
    ].join('\n');
    const err = await parseError(xml);
    expect(err.message).toContain('line 4, column "TransactionType"');
    expect(err.message).toMatch(/NUL/);
  });
});

describe('a file that is no settlement report', () => {
  it('says an empty file is empty', async () => {
    expect((await parseError('')).message).toMatch(/: This file is empty\.$/);
  });

  it.each([
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x0a])],
    ['a zip archive', Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000settlement.txt\u0000\n', 'latin1')],
    ['NUL bytes only', Buffer.alloc(64)],
  ])('says %s looks binary, without echoing its bytes', async (_what, bytes) => {
    const err = await parseError(bytes);
    expect(err.message).toMatch(/: This is not a settlement report \(it looks like a binary file\)\.$/);
    expect(err.message).not.toMatch(/PNG|PK|\\0|value/);
  });
});
