import { Badge, Button, Field, Input, makeStyles, Radio, RadioGroup, Subtitle2, Switch, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CallOutput } from '../../../core/api';
import { call } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';
import { localDateTime } from '../../components/format';

type AutoPost = CallOutput<'jobs.autoPost'>[number];

const useStyles = makeStyles({
  section: { marginTop: '28px', display: 'flex', flexDirection: 'column', gap: '10px' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  card: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '12px 16px', display: 'flex', flexDirection: 'column', gap: '8px', maxWidth: '760px' },
  head: { display: 'flex', alignItems: 'center', gap: '12px' },
  name: { fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', alignItems: 'flex-end', gap: '8px' },
});

/** Auto-post per ERP connection: off until a person turns it on, and only with the approval rule they choose. */
export function AutoPostSection() {
  const s = useStyles();
  const list = useQuery({ queryKey: ['jobs', 'autoPost'], queryFn: () => call('jobs.autoPost', {}) });
  return (
    <section className={s.section} aria-label="Auto-post">
      <Subtitle2 as="h2">Auto-post</Subtitle2>
      <Text className={s.hint}>
        Off unless you turn it on. Auto-post never approves anything: it posts settlements a person approved in the review queue, only when no
        blocking review item is open, with the same checks as Post by hand, when an auto-post job runs (add one under Sync schedules).
      </Text>
      <ErrorBar error={list.error} />
      {list.data?.length === 0 && <Text className={s.hint}>Add an ERP connection first.</Text>}
      {list.data?.map((a) => <AutoPostCard key={a.erpConnectionId} a={a} />)}
    </section>
  );
}

function AutoPostCard({ a }: { a: AutoPost }) {
  const s = useStyles();
  const qc = useQueryClient();
  const [who, setWho] = useState<'' | 'anyone' | 'named'>(a.rule ? (a.rule.approvers.length ? 'named' : 'anyone') : '');
  const [names, setNames] = useState(a.rule?.approvers.join(', ') ?? '');
  const approvers = names.split(',').map((n) => n.trim()).filter(Boolean);
  const rule = who === 'anyone' ? { kind: 'approved-by-person' as const, approvers: [] } : who === 'named' && approvers.length ? { kind: 'approved-by-person' as const, approvers } : null;
  const save = useMutation({
    mutationFn: (enabled: boolean) => call('jobs.setAutoPost', { erpConnectionId: a.erpConnectionId, enabled, rule }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['jobs'] }),
  });
  const changed = a.changedAt ? localDateTime(a.changedAt) : null;
  return (
    <div className={s.card} aria-label={`Auto-post to ${a.connectionName}`}>
      <div className={s.head}>
        <span className={s.name}>{a.connectionName}</span>
        <Badge appearance="tint" color={a.enabled ? 'success' : 'subtle'}>{a.enabled ? 'Auto-post on' : 'Off'}</Badge>
        {a.enabled && !a.hasPostingJob && <Badge appearance="tint" color="warning">no auto-post job scheduled</Badge>}
      </div>
      <RadioGroup value={who} onChange={(_, d) => setWho(d.value as 'anyone' | 'named')} aria-label={`Whose approval lets a settlement post to ${a.connectionName}`}>
        <Radio value="anyone" label="Post settlements anyone approved in the review queue" />
        <Radio value="named" label="Post only settlements approved by these people" />
      </RadioGroup>
      {who === 'named' && (
        <div className={s.row}>
          <Field label="Approvers (their login names, comma-separated)" style={{ flexGrow: 1 }}>
            <Input value={names} onChange={(_, d) => setNames(d.value)} placeholder="controller, jane" />
          </Field>
        </div>
      )}
      <div className={s.row}>
        <Switch
          checked={a.enabled}
          disabled={save.isPending || (!a.enabled && !rule)}
          label={a.enabled ? 'On' : rule ? 'Turn auto-post on' : 'Choose whose approval counts to turn it on'}
          onChange={(_, d) => save.mutate(d.checked)}
        />
        {a.enabled && rule && JSON.stringify(rule) !== JSON.stringify(a.rule) && (
          <Button size="small" onClick={() => save.mutate(true)}>Save rule</Button>
        )}
      </div>
      {a.ruleText && <Text className={s.hint}>Rule: {a.ruleText}.{changed && <span title={changed.title}> Set by {a.changedBy}, {changed.text}.</span>}</Text>}
      <ErrorBar error={save.error} />
    </div>
  );
}
