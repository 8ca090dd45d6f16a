import { Combobox, makeStyles, Option, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';

export interface PickRecord {
  code: string;
  name: string;
  postable: boolean;
  /** Accounts: what kind the ERP says it is, so a revenue account is told apart from an asset at a glance. */
  nature?: 'revenue' | 'expense' | 'balance';
  typeLabel?: string;
}

const NATURE_WORDS = { revenue: 'Revenue', expense: 'Expense', balance: 'Balance sheet' } as const;

/** The account's type in the ERP's own words, else its nature; nothing where the ERP gives neither. */
export function accountType(r: PickRecord): string {
  return r.typeLabel ?? (r.nature ? NATURE_WORDS[r.nature] : '');
}

const useStyles = makeStyles({
  box: { minWidth: '220px' },
  listbox: { minWidth: '380px' },
  blocked: { color: tokens.colorNeutralForegroundDisabled },
  option: { display: 'flex', gap: '12px', width: '100%' },
  type: { marginLeft: 'auto', whiteSpace: 'nowrap', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/**
 * A pick list of the ERP's own records (accounts, items, customers). Typing a code that is not in the
 * list is allowed so the refusal can be shown; records that cannot be used are listed but marked.
 */
export function TargetPicker({ label, records, value, onChange, placeholder }: {
  label: string;
  records: readonly PickRecord[];
  value: string;
  onChange: (code: string) => void;
  placeholder?: string;
}) {
  const s = useStyles();
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (value ? labelOf(records, value) : '');
  const filtered = useMemo(() => {
    const q = (text ?? '').trim().toLowerCase();
    const list = q ? records.filter((r) => r.code.toLowerCase().includes(q) || r.name.toLowerCase().includes(q)) : records;
    return list.slice(0, 200);
  }, [records, text]);
  return (
    <Combobox
      className={s.box}
      aria-label={label}
      freeform
      size="small"
      placeholder={placeholder ?? 'Code or name'}
      value={shown}
      onChange={(e) => {
        const typed = e.target.value;
        setText(typed);
        onChange(typed.trim().split(/\s+/)[0] ?? '');
      }}
      onOptionSelect={(_, d) => {
        setText(null);
        onChange(d.optionValue ?? '');
      }}
      onBlur={() => setText(null)}
      listbox={{ className: s.listbox }}
    >
      {filtered.map((r) => (
        <Option
          key={r.code}
          value={r.code}
          text={`${r.code} ${r.name}`}
          className={r.postable ? undefined : s.blocked}
          aria-label={[`${r.code} · ${r.name}${r.postable ? '' : ' (cannot be posted to)'}`, accountType(r)].filter(Boolean).join(', ')}
        >
          <span className={s.option}>
            <span>{`${r.code} · ${r.name}${r.postable ? '' : ' (cannot be posted to)'}`}</span>
            {accountType(r) && <span className={s.type}>{accountType(r)}</span>}
          </span>
        </Option>
      ))}
    </Combobox>
  );
}

function labelOf(records: readonly PickRecord[], code: string): string {
  const r = records.find((x) => x.code === code);
  return r ? `${r.code} ${r.name}` : code;
}
