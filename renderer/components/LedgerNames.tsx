import { makeStyles, tokens } from '@fluentui/react-components';
import type { LedgerNamesView } from '../../core/api/calls/settlements';

const useStyles = makeStyles({
  code: { fontVariantNumeric: 'tabular-nums' },
  name: { color: tokens.colorNeutralForeground3, marginLeft: '6px' },
  unmapped: { color: tokens.colorPaletteRedForeground1, fontStyle: 'italic' },
});

/** An account as an accountant reads it: its number, then the ERP's name for it. */
export function AccountName({ code, names }: { code: string | null; names: LedgerNamesView }) {
  const s = useStyles();
  if (!code) return <span className={s.unmapped}>unmapped</span>;
  const name = names.accounts[code];
  return (
    <span data-account={code}>
      <span className={s.code}>{code}</span>
      <span className={s.name}>{name ?? 'not in the chart of accounts'}</span>
    </span>
  );
}

/** Dimensions as code and value, with the value's name: "CHANNEL: FBA – Fulfilled by Amazon". */
export function dimensionsText(dimensions: Readonly<Record<string, string>>, names: LedgerNamesView): string {
  return Object.entries(dimensions)
    .map(([code, value]) => {
      const valueName = names.dimensions[code]?.values[value];
      return `${code}: ${value}${valueName ? ` – ${valueName}` : ''}`;
    })
    .join('; ');
}

/** What each dimension is called in the ERP, for the hover: "CHANNEL = Fulfilment Channel". */
export function dimensionsTitle(dimensions: Readonly<Record<string, string>>, names: LedgerNamesView): string | undefined {
  const said = Object.keys(dimensions).map((code) => (names.dimensions[code] ? `${code} = ${names.dimensions[code]!.name}` : code));
  return said.length ? said.join('; ') : undefined;
}
