/**
 * ISO 4217 minor-unit exponents. Amounts are kept as integers of the currency's minor unit, so the
 * exponent decides how many decimals a text amount may carry and how a stored amount is displayed.
 * Only 0 and 3 exponents need listing; every other code in the list of known codes has 2.
 */
const ZERO_DECIMALS = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV',
  'XAF', 'XOF', 'XPF',
]);
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

// Two-decimal codes we accept. Kept explicit so a typo such as "USS" is an error, not a guess.
const TWO_DECIMALS = new Set([
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN',
  'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CNY', 'COP',
  'CRC', 'CUP', 'CVE', 'CZK', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP',
  'GEL', 'GHS', 'GIP', 'GMD', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR',
  'JMD', 'KES', 'KGS', 'KHR', 'KPW', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL',
  'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN',
  'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SYP', 'SZL',
  'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD', 'UYU', 'UZS', 'VES', 'WST',
  'XCD', 'YER', 'ZAR', 'ZMW', 'ZWL',
]);

export type Exponent = 0 | 2 | 3;

export class UnknownCurrencyError extends Error {
  constructor(readonly code: string) {
    super(`Unknown currency code "${code}" (expected an ISO 4217 code such as USD, EUR, JPY, KWD)`);
    this.name = 'UnknownCurrencyError';
  }
}

export function isKnownCurrency(code: string): boolean {
  return ZERO_DECIMALS.has(code) || THREE_DECIMALS.has(code) || TWO_DECIMALS.has(code);
}

export function currencyExponent(code: string): Exponent {
  if (ZERO_DECIMALS.has(code)) return 0;
  if (THREE_DECIMALS.has(code)) return 3;
  if (TWO_DECIMALS.has(code)) return 2;
  throw new UnknownCurrencyError(code);
}
