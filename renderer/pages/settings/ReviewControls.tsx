import { Button, Checkbox, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CallInput } from '../../../core/api';
import { call } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', marginTop: '24px', maxWidth: '640px' },
  row: { display: 'flex', gap: '16px', alignItems: 'flex-end', flexWrap: 'wrap' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The workspace's review controls: who may accept how large a variance, segregation of duties, implausible amounts. */
export function ReviewControls() {
  const s = useStyles();
  const qc = useQueryClient();
  const policy = useQuery({ queryKey: ['review', 'policy'], queryFn: () => call('review.policy', {}) });
  const save = useMutation({
    mutationFn: (input: CallInput<'review.setPolicy'>) => call('review.setPolicy', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['review'] }),
  });
  const [limit, setLimit] = useState('');
  const [separate, setSeparate] = useState(false);
  const [multiple, setMultiple] = useState('');
  useEffect(() => {
    if (!policy.data) return;
    setLimit(policy.data.varianceLimit);
    setSeparate(policy.data.separateApprover);
    setMultiple(String(policy.data.implausibleMultiple));
  }, [policy.data]);
  const changed = !!policy.data && (limit !== policy.data.varianceLimit || separate !== policy.data.separateApprover || multiple !== String(policy.data.implausibleMultiple));
  return (
    <section className={s.section} aria-label="Review controls">
      <Text size={400} weight="semibold">Review controls</Text>
      <ErrorBar error={policy.error} />
      <div className={s.row}>
        <Field label="Largest variance one person may accept" size="small" hint="In units of the settlement's currency; above it a second person confirms.">
          <Input size="small" value={limit} onChange={(_, d) => setLimit(d.value)} aria-label="Variance limit" style={{ width: '120px' }} />
        </Field>
        <Field label="Implausible line: more than" size="small" hint="× the seller's usual settlement (median deposit of earlier ones).">
          <Input size="small" type="number" min={2} value={multiple} onChange={(_, d) => setMultiple(d.value)} aria-label="Implausible multiple" style={{ width: '80px' }} />
        </Field>
      </div>
      <Checkbox
        checked={separate}
        onChange={(_, d) => setSeparate(d.checked === true)}
        label="The approver must differ from the person who made the last change (segregation of duties)"
      />
      <div className={s.row}>
        <Button
          size="small"
          appearance="primary"
          disabled={!changed || save.isPending}
          onClick={() => save.mutate({ varianceLimit: limit, separateApprover: separate, implausibleMultiple: Number(multiple) })}
        >
          Save review controls
        </Button>
        <Text className={s.hint}>Changes are recorded in the audit log under your name.</Text>
      </div>
      <ErrorBar error={save.error} title="Not saved" />
    </section>
  );
}
