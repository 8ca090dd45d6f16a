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
