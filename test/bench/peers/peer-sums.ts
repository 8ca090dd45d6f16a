/** What both peers keep: a running sum per combination, printed as JSON when the file ends. */
export type Sums = Map<string, number>;

/**
 * Adds one row's amount in cents. `95,00` (EU) and `95.00` read alike; a row without an amount (the
 * summary) is skipped. A plain float read, as a quick script would do it.
 */
export function addAmount(sums: Sums, transactionType = '', amountType = '', description = '', amount = ''): void {
  if (amount === '') return;
  const key = `${transactionType}\u0001${amountType}\u0001${description}`;
  const cents = Math.round(Number.parseFloat(amount.replace(',', '.')) * 100);
  sums.set(key, (sums.get(key) ?? 0) + cents);
}

export function printSums(sums: Sums): void {
  process.stdout.write(JSON.stringify({ combinations: sums.size, total: [...sums.values()].reduce((a, b) => a + b, 0) }) + '\n');
}
