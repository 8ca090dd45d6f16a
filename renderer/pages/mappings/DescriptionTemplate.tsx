import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { call } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';
import { localDateTime } from '../../components/format';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '10px', maxWidth: '880px' },
  row: { display: 'flex', gap: '8px', alignItems: 'flex-end' },
  input: { flexGrow: 1, fontFamily: tokens.fontFamilyMonospace },
  chips: { display: 'flex', gap: '6px', flexWrap: 'wrap' },
  examples: { margin: 0, paddingLeft: '18px', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** The words each ledger line of a connection carries into the ERP, shaped by a template, previewed as typed. */
export function DescriptionTemplate({ connectionId }: { connectionId: string }) {
  const s = useStyles();
  const qc = useQueryClient();
  const saved = useQuery({ queryKey: ['mappings', connectionId, 'descriptionTemplate'], queryFn: () => call('mappings.descriptionTemplate', { connectionId }) });
  const [draft, setDraft] = useState<string | null>(null);
  const [typed, setTyped] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setTyped(draft), 200);
    return () => clearTimeout(t);
  }, [draft]);
  const preview = useQuery({
    queryKey: ['mappings', connectionId, 'descriptionTemplate', 'draft', typed],
    queryFn: () => call('mappings.descriptionTemplate', { connectionId, draft: typed! }),
    enabled: typed !== null,
    placeholderData: (previous) => previous,
  });
  const save = useMutation({
    mutationFn: (template: string | null) => call('mappings.setDescriptionTemplate', { connectionId, template }),
    onSuccess: () => {
      setDraft(null);
      setTyped(null);
      return Promise.all([['mappings', connectionId], ['settlements'], ['review'], ['reports']].map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
  });
  const input = useRef<HTMLInputElement>(null);
  const view = saved.data;
  if (!view) return <ErrorBar error={saved.error} />;
  const text = draft ?? view.template;
  const shown = draft !== null && preview.data && typed === draft ? preview.data : view;
  const changed = draft !== null && draft !== view.template;

  const insert = (name: string) => {
    const el = input.current;
    const at = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? at;
    setDraft(`${text.slice(0, at)}{${name}}${text.slice(end)}`);
    el?.focus();
  };

  return (
    <section className={s.form} aria-label="Line descriptions">
      <Text className={s.muted}>
        The words each journal line carries into the ERP's ledger, where it stands beside lines of other settlements. Saving a change withdraws the approval of every settlement not yet
        posted through this connection: approve them again once you have looked at their new words.
      </Text>
      <div className={s.row}>
        <Field label="Line description template" className={s.input} validationState={shown.problems.length ? 'error' : 'none'} validationMessage={shown.problems.join(' ') || undefined}>
          <Input ref={input} value={text} onChange={(_, d) => setDraft(d.value)} className={s.input} data-testid="description-template" />
        </Field>
        <Button appearance="primary" disabled={!changed || shown.problems.length > 0 || save.isPending || typed !== draft} onClick={() => save.mutate(draft)}>Save template</Button>
        <Button disabled={!view.custom || save.isPending} onClick={() => save.mutate(null)}>Use the default</Button>
      </div>
      <div className={s.chips} aria-label="Placeholders">
        {view.placeholders.map((p) => (
          <Button key={p.name} size="small" title={p.meaning} onClick={() => insert(p.name)}>{`{${p.name}}`}</Button>
        ))}
      </div>
      <Text className={s.muted}>
        {view.custom ? `Set by ${view.updatedBy ?? 'someone'} ${view.updatedAt ? localDateTime(view.updatedAt).text : ''}.` : `The application's own: ${view.defaultTemplate}`}
      </Text>
      <div>
        <Text weight="semibold">{changed ? 'How lines will read' : 'How lines read'}</Text>
        <ul className={s.examples} data-testid="description-examples">
          {shown.examples.map((e, i) => <li key={i}>{e}</li>)}
        </ul>
      </div>
      <ErrorBar error={save.error} title="The template was not saved" />
      {save.isSuccess && !changed && <MessageBar intent="success"><MessageBarBody>Saved. Previews and the review queue show the new words.</MessageBarBody></MessageBar>}
    </section>
  );
}
