import { Combobox, makeStyles, Option, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';

export interface PickRecord { code: string; name: string; postable: boolean }

const useStyles = makeStyles({
  box: { minWidth: '220px' },
  blocked: { color: tokens.colorNeutralForegroundDisabled },
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
    >
      {filtered.map((r) => (
        <Option key={r.code} value={r.code} text={`${r.code} ${r.name}`} className={r.postable ? undefined : s.blocked}>
          {`${r.code} · ${r.name}${r.postable ? '' : ' (cannot be posted to)'}`}
        </Option>
      ))}
    </Combobox>
  );
}

function labelOf(records: readonly PickRecord[], code: string): string {
  const r = records.find((x) => x.code === code);
  return r ? `${r.code} ${r.name}` : code;
}
