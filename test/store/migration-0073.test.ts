import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importSettlement } from '../../core/settlement/settlement-store';
import { openDatabase } from '../../core/store';
import { migrations } from '../../core/store/migrations';
import { chunked } from '../settlement/settlement-fixtures';
import { v2File } from '../support/settlement-files';
import { tempDir } from '../support/temp-workspace';

it('migration 0073 gives the line groups stored before it the units of their lines, as an import now stores them', async () => {
  const d = tempDir();
  // Imported with every migration: the units the import stores per group.
  const now = openDatabase(join(d.dir, 'now.sqlite'));
  const lines = Array.from({ length: 40 }, (_, i) => ({
    t: i % 5 === 4 ? 'other-transaction' : 'Order', a: i % 2 ? 'ItemFees' : 'ItemPrice', d: i % 2 ? 'Commission' : 'Principal',
    amount: i % 2 ? '-1.50' : '10.00', posted: ['2026-06-20', '2026-06-21', '2026-06-25'][i % 3],
  }));
  await importSettlement(now, chunked(Buffer.from(v2File('900200', '170.00', lines)), 4096));
  const groupColumns = 'version_id, seq, first_row, transaction_type, amount_type, amount_description, marketplace_name, currency, day, posted_date, count, amount';
  const expected = now.prepare(`SELECT ${groupColumns}, quantity FROM settlement_line_group ORDER BY seq`).all() as Array<{ quantity: number }>;
  expect(expected.some((g) => g.quantity > 1)).toBe(true);
  expect(expected.some((g) => g.quantity === 0)).toBe(true);
  now.close();

  // The same settlement in a workspace from before 0073 (its groups have no units), then opened again.
  const file = join(d.dir, 'before.sqlite');
  const before = openDatabase(file, { migrations: migrations.filter((m) => m.id < 73) });
  before.exec(`ATTACH '${join(d.dir, 'now.sqlite')}' AS now`);
  // The columns the older schema has (later migrations add more to the current one).
  for (const table of ['settlement', 'settlement_version', 'settlement_line']) {
    const columns = (before.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name).join(', ');
    before.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM now.${table}`);
  }
  before.exec(`INSERT INTO main.settlement_line_group (${groupColumns}) SELECT ${groupColumns} FROM now.settlement_line_group`);
  before.exec('DETACH now');
  before.close();
  const after = openDatabase(file);
  expect(after.prepare(`SELECT ${groupColumns}, quantity FROM settlement_line_group ORDER BY seq`).all()).toEqual(expected);
  after.close();
  d.remove();
});
