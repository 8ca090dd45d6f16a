/**
 * The csv-parse peer of the settlement bench: the same work as papaparse-sum.ts (stream, header mode,
 * sum amounts per combination), with csv-parse's streaming parser. `node csv-parse-sum.mjs FILE`.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { addAmount, printSums, type Sums } from './peer-sums';

const file = process.argv[2]!;
const sums: Sums = new Map();
const rows = createReadStream(file).pipe(
  parse({ delimiter: '\t', columns: true, quote: false, relax_column_count: true, skip_empty_lines: true }),
);
for await (const row of rows as AsyncIterable<Record<string, string>>) {
  addAmount(sums, row['transaction-type'], row['amount-type'], row['amount-description'], row.amount);
}
printSums(sums);
