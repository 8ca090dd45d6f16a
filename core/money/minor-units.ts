/**
 * Arithmetic on integer minor units. JS numbers are exact integers up to 2^53 - 1; every result is
 * checked so an overflow is an error instead of a silently rounded amount.
 */
export class MoneyOverflowError extends Error {
  constructor(operation: string) {
    super(`Amount out of the safe integer range during ${operation}`);
    this.name = 'MoneyOverflowError';
  }
}

export function checkedMinor(value: number, operation = 'calculation'): number {
  if (!Number.isSafeInteger(value)) throw new MoneyOverflowError(operation);
  return value;
}

export function addMinor(a: number, b: number): number {
  return checkedMinor(a + b, 'addition');
}

export function subtractMinor(a: number, b: number): number {
  return checkedMinor(a - b, 'subtraction');
}

export function sumMinor(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total = checkedMinor(total + v, 'sum');
  return total;
}
