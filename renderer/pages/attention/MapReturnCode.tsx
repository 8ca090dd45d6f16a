import { Button, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useId, useState } from 'react';
import type { DeadLetterView } from '../../../core/api/calls/attention';
import { ErrorBar } from '../../components/ErrorBar';
import { useMapReturnCode, useReturnErpSettings } from './attention-hooks';

const useStyles = makeStyles({
  row: { display: 'flex', gap: '6px', alignItems: 'flex-end', flexWrap: 'wrap' },
  done: { color: tokens.colorPaletteGreenForeground1, fontSize: tokens.fontSizeBase200 },
});

/** The fix of an unmapped Amazon return reason, in place: the ERP code it stands for, then Retry. */
export function MapReturnCode({ action }: { action: NonNullable<DeadLetterView['fixAction']> }) {
  const s = useStyles();
  const [code, setCode] = useState('');
  const map = useMapReturnCode();
  const listId = useId();
  // The ERP's own codes, offered as suggestions; the handler refuses one the ERP does not have.
  const known = [...new Set((useReturnErpSettings().data ?? []).flatMap((c) => c.reasonCodes.map((r) => r.code)))];
  const amazonCode = action.params['amazonCode'] ?? '';
  const codeKind = action.params['codeKind'] === 'disposition' ? 'disposition' : 'reason';
  return (
    <form
      aria-label={`Map Amazon ${codeKind} ${amazonCode}`}
      onSubmit={(e) => {
        e.preventDefault();
        map.mutate({ codeKind, amazonCode, erpCode: code });
      }}
    >
      <div className={s.row}>
        <Field label="ERP reason code" size="small">
          <Input size="small" value={code} onChange={(_, d) => setCode(d.value)} placeholder="e.g. DAMAGED" style={{ width: 110 }} list={known.length ? listId : undefined} aria-label={`ERP reason code for Amazon's ${amazonCode || '(none)'}`} />
        </Field>
        {known.length > 0 && <datalist id={listId}>{known.map((c) => <option key={c} value={c} />)}</datalist>}
        <Button size="small" type="submit" disabled={!code.trim() || map.isPending}>{action.label}</Button>
      </div>
      {map.data && <Text className={s.done} block>Mapped to {map.data.erpCode}: retry it now.</Text>}
      <ErrorBar error={map.error} title="The mapping was not saved" />
    </form>
  );
}
