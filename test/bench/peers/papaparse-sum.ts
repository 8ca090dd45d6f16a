/**
 * The papaparse peer of the settlement bench: streams a V2 settlement in header mode and sums the
 * amounts per (transaction-type, amount-type, amount-description), the least work any tool reading the
 * file must do (no dates, no classification, no journal). Run as its own process: `node papaparse-sum.mjs FILE`.
 */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { addAmount, printSums, type Sums } from './peer-sums';

const file = process.argv[2]!;
const sums: Sums = new Map();
Papa.parse<Record<string, string>>(createReadStream(file), {
  header: true,
  delimiter: '\t',
  skipEmptyLines: true,
  chunk: (results) => {
    for (const row of results.data) addAmount(sums, row['transaction-type'], row['amount-type'], row['amount-description'], row.amount);
  },
  complete: () => printSums(sums),
  error: (err: Error) => {
    console.error(err.message);
    process.exit(2);
  },
});
