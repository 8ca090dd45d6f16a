import { makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { useNegatives } from './Amount';
import { moneyText } from './format';

export interface Bar {
  label: string;
  /** What tests and tools find the bar by; the label when absent. */
  key?: string;
  /** Minor units of `currency`; negative bars grow to the left of the zero line. */
  amount: number;
}

const useStyles = makeStyles({
  svg: { display: 'block', overflow: 'visible', fontFamily: tokens.fontFamilyBase },
  label: { fill: tokens.colorNeutralForeground2, fontSize: '11px' },
  value: { fill: tokens.colorNeutralForeground1, fontSize: '11px', fontVariantNumeric: 'tabular-nums' },
  positive: { fill: tokens.colorBrandBackground },
  negative: { fill: tokens.colorPaletteRedBackground3 },
  axis: { stroke: tokens.colorNeutralStroke1 },
});

/**
 * A small horizontal bar chart in plain SVG: one row per bar, label left, value right, bars from a
 * shared zero line so positive and negative amounts read at a glance. The chart is an image with a
 * title naming every bar and value, for screen readers.
 */
export function BarChart({ bars, currency, title, width = 420, labelWidth = 150, valueWidth = 96 }: { bars: Bar[]; currency: string; title: string; width?: number; labelWidth?: number; valueWidth?: number }) {
  const s = useStyles();
  const negatives = useNegatives();
  const money = (minor: number, cur: string) => moneyText(minor, cur, negatives);
  const row = 20;
  const height = bars.length * row;
  // The values' column is as wide as the widest value (11px tabular digits: under 7px a character), and
  // labels are clipped to their own column, so no text ever runs into a bar.
  const values = bars.map((b) => money(b.amount, currency));
  const valueColumn = Math.max(valueWidth, ...values.map((v) => v.length * 7 + 8));
  const plot = Math.max(40, width - labelWidth - valueColumn - 12);
  const labelChars = Math.max(4, Math.floor((labelWidth - 12) / 6.5));
  const clip = `bar-labels-${useId().replace(/:/g, '')}`;
  const max = Math.max(0, ...bars.map((b) => b.amount));
  const min = Math.min(0, ...bars.map((b) => b.amount));
  const span = max - min || 1;
  const zero = labelWidth + ((0 - min) / span) * plot;
  const description = bars.map((b) => `${b.label}: ${money(b.amount, currency)}`).join('; ');
  return (
    <svg className={s.svg} width={width} height={height + 4} role="img" aria-label={`${title}. ${description}`} data-testid="bar-chart">
      <title>{`${title}: ${description}`}</title>
      <defs>
        <clipPath id={clip}><rect x={0} y={0} width={labelWidth - 6} height={height + 4} /></clipPath>
      </defs>
      {bars.map((b, i) => {
        const w = (Math.abs(b.amount) / span) * plot;
        const x = b.amount < 0 ? zero - w : zero;
        const y = i * row + 3;
        return (
          <g key={`${b.label}-${i}`} data-bar={b.key ?? b.label} data-amount={b.amount}>
            <text className={s.label} x={labelWidth - 8} y={y + 11} textAnchor="end" clipPath={`url(#${clip})`}>
              {b.label.length > labelChars ? `${b.label.slice(0, labelChars - 1)}…` : b.label}
              <title>{b.label}</title>
            </text>
            <rect className={b.amount < 0 ? s.negative : s.positive} x={x} y={y} width={Math.max(1, w)} height={row - 7} rx={2} />
            <text className={s.value} x={width} y={y + 11} textAnchor="end">{values[i]}</text>
          </g>
        );
      })}
      <line className={s.axis} x1={zero} x2={zero} y1={0} y2={height} />
    </svg>
  );
}
