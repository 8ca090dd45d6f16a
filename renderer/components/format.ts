import { formatMoney } from '../../core/api';
import type { AmountDisplayView } from '../../core/api/calls/app';

/** A date and time as the clock in `timeZone` shows it (a job's own time zone), with the zone named. */
export function zonedDateTime(iso: string, timeZone: string): { text: string; title: string } {
  const d = new Date(iso);
  try {
    return {
      text: `${d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone })} (${timeZone})`,
      title: `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
    };
  } catch {
    return localDateTime(iso);
  }
}

/** Dates in the user's locale; the exact UTC instant goes in the title for hover. */
export function localDateTime(iso: string): { text: string; title: string } {
  const d = new Date(iso);
  return {
    text: d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    title: `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`,
  };
}

/** How negative amounts show, as the workspace's setting says (Settings → Amounts). */
export type NegativeStyle = AmountDisplayView['negatives'];

const userLocale = () => (typeof navigator !== 'undefined' ? navigator.language : 'en-US');

/**
 * Every amount on every screen, from integer minor units: the user's locale, the currency's own
 * decimals and symbol, negatives with a minus sign or in brackets. An unknown currency code still
 * shows its digits and code rather than nothing.
 */
export function moneyText(minor: number, currency: string, negatives: NegativeStyle = 'minus'): string {
  try {
    return formatMoney(minor, currency, userLocale(), negatives);
  } catch {
    const digits = `${Math.abs(minor)} ${currency} (minor units)`;
    return minor < 0 ? (negatives === 'brackets' ? `(${digits})` : `-${digits}`) : digits;
  }
}
