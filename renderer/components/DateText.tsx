import { localDateTime } from './format';

/** A date (or instant) in the user's locale; the exact UTC instant on hover. */
export function DateText({ iso, withTime = false }: { iso: string | null; withTime?: boolean }) {
  if (!iso) return <span>—</span>;
  const { title } = localDateTime(iso);
  const d = new Date(iso);
  const text = withTime ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : d.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  return <span title={title} style={{ whiteSpace: 'nowrap' }}>{text}</span>;
}
