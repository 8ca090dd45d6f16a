import { negativesInText, type NegativeStyle } from '../money';
import type { ReviewItem } from './review-item';

/**
 * A review item as the screens show it: the negatives in its stored title and details in the workspace's
 * style (Settings → Amounts). Nothing stored changes, so switching the style changes no fingerprint and
 * withdraws no approval.
 */
export function reviewItemAsShown<T extends Pick<ReviewItem, 'title' | 'facts'>>(item: T, negatives: NegativeStyle): T {
  if (negatives === 'minus') return item;
  const details = item.facts.details;
  return {
    ...item,
    title: negativesInText(item.title, negatives),
    facts: Array.isArray(details)
      ? { ...item.facts, details: details.map((d: unknown) => (isDetail(d) ? { ...d, value: negativesInText(d.value, negatives) } : d)) }
      : item.facts,
  };
}

const isDetail = (d: unknown): d is { label: string; value: string } =>
  typeof d === 'object' && d !== null && typeof (d as { value?: unknown }).value === 'string';
