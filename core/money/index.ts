export { currencyExponent, isKnownCurrency, UnknownCurrencyError, type Exponent } from './currency';
export { parseAmount, parsePlainAmount, provenDecimalSeparator, AmountParseError, type DecimalSeparator, type ParseAmountOptions } from './amount-parser';
export { toDecimalString, amountWithCurrency, formatMoney, NEGATIVE_STYLES, type NegativeStyle } from './amount-format';
export { addMinor, subtractMinor, sumMinor, checkedMinor, MoneyOverflowError } from './minor-units';
export { convertMinor, decimalToRational, divideRational, multiplyRational, rationalToDecimalString, RateError, type Rational } from './currency-conversion';
export { moneyInText, negativesInText } from './money-in-text';
