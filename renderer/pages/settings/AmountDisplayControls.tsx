import { Field, makeStyles, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AmountDisplayView } from '../../../core/api/calls/app';
import { call } from '../../api/client';
import { AMOUNT_DISPLAY_KEY } from '../../components/Amount';
import { ErrorBar } from '../../components/ErrorBar';
import { moneyText } from '../../components/format';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', marginTop: '24px', maxWidth: '640px' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  sample: { fontVariantNumeric: 'tabular-nums', color: tokens.colorPaletteRedForeground1, marginLeft: '8px' },
});

/** How negative amounts show: chosen once for the workspace, followed by every screen and the PDF and XLSX exports. */
export function AmountDisplayControls() {
  const s = useStyles();
  const qc = useQueryClient();
  const display = useQuery({ queryKey: AMOUNT_DISPLAY_KEY, queryFn: () => call('app.amountDisplay', {}), staleTime: Infinity });
  const save = useMutation({
    mutationFn: (negatives: AmountDisplayView['negatives']) => call('app.setAmountDisplay', { negatives }),
    onSuccess: (saved) => qc.setQueryData(AMOUNT_DISPLAY_KEY, saved),
  });
  const sample = (negatives: AmountDisplayView['negatives']) => <span className={s.sample}>{moneyText(-123456, 'EUR', negatives)}</span>;
  return (
    <section className={s.section} aria-label="Amounts">
      <Text size={400} weight="semibold">Amounts</Text>
      <ErrorBar error={display.error} />
      <Field label="Negative amounts" hint="On every screen and in the PDF and XLSX reports; CSV files keep a plain minus so any spreadsheet reads them as numbers.">
        <RadioGroup
          value={display.data?.negatives ?? ''}
          disabled={!display.data || save.isPending}
          onChange={(_, d) => save.mutate(d.value as AmountDisplayView['negatives'])}
        >
          <Radio value="minus" label={<>With a minus sign{sample('minus')}</>} />
          <Radio value="brackets" label={<>In brackets{sample('brackets')}</>} />
        </RadioGroup>
      </Field>
      <Text className={s.hint}>A change is recorded in the audit log under your name.</Text>
      <ErrorBar error={save.error} title="Not saved" />
    </section>
  );
}
