import { makeStyles, tokens } from '@fluentui/react-components';
import { formatMoney } from '../../../core/api';
import { localDateTime } from '../../components/format';

const useStyles = makeStyles({
  num: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  negative: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground4 },
});

const locale = () => (typeof navigator !== 'undefined' ? navigator.language : 'en-US');

/** An amount in minor units with the currency's own decimals; negatives in red with a minus sign. */
export function Amount({ minor, currency, blankZero = false }: { minor: number; currency: string; blankZero?: boolean }) {
  const s = useStyles();
  if (blankZero && minor === 0) return <span className={`${s.num} ${s.muted}`} />;
  let text: string;
  try {
    text = formatMoney(minor, currency, locale());
  } catch {
    text = `${minor} ${currency}`;
  }
  return (
    <span className={minor < 0 ? `${s.num} ${s.negative}` : s.num} data-amount={minor}>
      {text}
    </span>
  );
}

/** A date (or instant) in the user's locale; the exact UTC instant on hover. */
export function DateText({ iso, withTime = false }: { iso: string | null; withTime?: boolean }) {
  if (!iso) return <span>—</span>;
  const { title } = localDateTime(iso);
  const d = new Date(iso);
  const text = withTime ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : d.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  return <span title={title} style={{ whiteSpace: 'nowrap' }}>{text}</span>;
}
