import { describe, expect, it } from 'vitest';
import { parseReturnsReport } from '../../core/returns/returns-report';

const HEADER = 'return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\tfulfillment-center-id\tdetailed-disposition\treason\tstatus\tlicense-plate-number\tcustomer-comments';

describe('the FBA customer returns report', () => {
  it('reads each line by its column name, dates as UTC instants, and leaves out what the buyer wrote', () => {
    const text = `\uFEFF${HEADER}\r\n2026-06-01T10:15:00+02:00\t111-0000001-0000001\tMUG-BLUE\tB000MUG001\tX000MUG001\tBlue mug\t2\tSEA8\tCUSTOMER_DAMAGED\tDAMAGED_BY_CUSTOMER\tUnit returned to inventory\tLPNRR0000001\tCracked, sorry\r\n`;
    const { lines, unreadable } = parseReturnsReport(text);
    expect(unreadable).toEqual([]);
    expect(lines).toEqual([{
      line: 2, orderId: '111-0000001-0000001', sku: 'MUG-BLUE', asin: 'B000MUG001', fnsku: 'X000MUG001', productName: 'Blue mug', quantity: 2, fulfillmentCenterId: 'SEA8',
      disposition: 'CUSTOMER_DAMAGED', reason: 'DAMAGED_BY_CUSTOMER', status: 'Unit returned to inventory', licensePlateNumber: 'LPNRR0000001', returnDate: '2026-06-01T08:15:00.000Z',
    }]);
    expect(JSON.stringify(lines)).not.toMatch(/Cracked/);
  });

  it('keeps a line it cannot read, saying which line and why, and reads the others', () => {
    const text = [HEADER, '2026-06-01T10:15:00+00:00\t\tMUG-BLUE\t\t\t\t1\t\t\tDEFECTIVE\t\t\t', 'yesterday\t111-1\tMUG-RED\t\t\t\t1\t\t\tDEFECTIVE\t\t\t', '2026-06-02T10:15:00+00:00\t111-2\tMUG-RED\t\t\t\tone\t\t\tDEFECTIVE\t\t\t', '2026-06-02T10:15:00+00:00\t111-3\tMUG-RED\t\t\t\t1\t\t\tDEFECTIVE\t\t\t'].join('\n');
    const { lines, unreadable } = parseReturnsReport(text);
    expect(lines.map((l) => l.orderId)).toEqual(['111-3']);
    expect(unreadable.map((u) => [u.line, u.problem])).toEqual([
      [2, 'it has no order-id'],
      [3, 'its return-date "yesterday" is not a date and time'],
      [4, 'its quantity "one" is not a whole number of units'],
    ]);
  });

  it('refuses a file without the columns a return needs, naming them', () => {
    expect(() => parseReturnsReport('order-id\tsku\n111-1\tMUG\n')).toThrow('The returns report has no return-date, quantity column');
  });
});
