import { expect } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';

export type SheetRow = Record<string, ExcelJS.Cell>;

/**
 * An exported workbook, read back with exceljs: `sheet(name)` gives its rows as cells by header, after
 * checking the header row is frozen (what an accountant scrolling a long sheet relies on).
 */
export async function readWorkbook(path: string): Promise<{ sheet(name: string): SheetRow[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return {
    sheet(name: string) {
      const ws = wb.getWorksheet(name);
      if (!ws) throw new Error(`The workbook has no sheet "${name}"`);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
      const rows: SheetRow[] = [];
      ws.eachRow((row, n) => {
        if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1)])));
      });
      return rows;
    },
  };
}
