import {
  Badge, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Select,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { call } from '../../api/client';
import { connectionKinds, kindDescriptions, settingsSchemas, type ConnectionKind, type ConnectionView } from '../../../core/api';
import { useSaveConnection } from '../../api/hooks';
import { ErrorBar } from '../../components/ErrorBar';

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: '16px', rowGap: '10px', alignItems: 'start' },
  wide: { gridColumn: '1 / 3' },
});

type Values = Record<string, string>;

function initialValues(kind: ConnectionKind, existing?: ConnectionView): Values {
  const v: Values = {};
  for (const f of kindDescriptions[kind].fields) {
    const stored = existing?.settings[f.field];
    v[f.field] = typeof stored === 'string' ? stored : (f.options?.[0]?.value ?? '');
  }
  return v;
}

const visible = (when: { field: string; value: string } | undefined, values: Values) => !when || values[when.field] === when.value;

/** Add or edit one connection. Validated as the user types, by the same schema the core enforces. */
export function ConnectionForm({ existing, onClose }: { existing?: ConnectionView; onClose: () => void }) {
  const s = useStyles();
  // Which kinds have a connector is the registry's to say: one not built yet is shown as coming, not offered.
  const kinds = useQuery({ queryKey: ['connections', 'kinds'], queryFn: () => call('connections.kinds', {}) });
  const offered = kinds.data?.filter((k) => k.kind in kindDescriptions || k.coming) ?? connectionKinds.map((k) => ({ kind: k, label: kindDescriptions[k].label, coming: false }));
  const [kind, setKind] = useState<ConnectionKind>(existing?.kind ?? 'amazon');
  const [name, setName] = useState(existing?.name ?? '');
  const [values, setValues] = useState<Values>(() => initialValues(existing?.kind ?? 'amazon', existing));
  const [secrets, setSecrets] = useState<Values>({});
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const save = useSaveConnection();
  const desc = kindDescriptions[kind];

  const settings = useMemo(() => {
    const out: Record<string, unknown> = {};
    for (const f of desc.fields) {
      if (!visible(f.when, values)) continue;
      const v = values[f.field]?.trim() ?? '';
      if (v !== '' || !f.optional) out[f.field] = v;
    }
    return out;
  }, [desc, values]);
  // An edit keeps the settings it leaves out (the server merges): the form clears, explicitly, each of its own
  // fields that is now empty or hidden, and leaves the settings it does not show (an endpoint override) alone.
  const cleared = useMemo(
    () => Object.fromEntries(desc.fields.filter((f) => !(f.field in settings) && existing?.settings[f.field] !== undefined).map((f) => [f.field, null])),
    [desc, settings, existing],
  );

  const fieldErrors = useMemo(() => {
    const parsed = settingsSchemas[kind].safeParse(settings);
    const errs: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) errs[String(i.path[0] ?? '')] ??= i.message;
    return errs;
  }, [kind, settings]);

  const missingSecrets = desc.secrets.filter((sf) => visible(sf.when, values) && !existing?.secretsSet[sf.field] && !secrets[sf.field]);
  const nameError = name.trim() === '' ? 'Give the connection a name' : undefined;
  const valid = !nameError && Object.keys(fieldErrors).length === 0;
  const show = (field: string) => touched.has(field) || save.isError;
  const touch = (field: string) => setTouched((t) => new Set(t).add(field));

  const submit = () => {
    setTouched(new Set(['name', ...desc.fields.map((f) => f.field)]));
    if (!valid) return;
    const secretValues = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ''));
    save.mutate({ id: existing?.id, kind, name: name.trim(), settings: { ...cleared, ...settings }, secrets: secretValues }, { onSuccess: onClose });
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-label={existing ? `Edit ${existing.name}` : 'Add connection'} style={{ maxWidth: 720 }}>
        <DialogBody>
          <DialogTitle>{existing ? `Edit ${existing.name}` : 'Add connection'}</DialogTitle>
          <DialogContent>
            <form className={s.form} onSubmit={(e) => { e.preventDefault(); submit(); }} id="connection-form">
              <Field label="System" required>
                <Select
                  value={kind}
                  disabled={!!existing}
                  onChange={(_, d) => {
                    const k = d.value as ConnectionKind;
                    setKind(k);
                    setValues(initialValues(k));
                    setSecrets({});
                    setTouched(new Set());
                  }}
                >
                  {offered.map((k) => (
                    <option key={k.kind} value={k.kind} disabled={k.coming}>{k.coming ? `${k.label} (coming)` : k.label}</option>
                  ))}
                </Select>
              </Field>
              <Field label="Name" required validationMessage={show('name') ? nameError : undefined}>
                <Input value={name} onChange={(_, d) => setName(d.value)} onBlur={() => touch('name')} placeholder="e.g. Amazon US" />
              </Field>
              {desc.fields.filter((f) => visible(f.when, values)).map((f) => (
                <Field
                  key={f.field}
                  label={f.label}
                  required={!f.optional}
                  hint={f.hint}
                  className={f.options ? s.wide : undefined}
                  validationMessage={show(f.field) ? fieldErrors[f.field] : undefined}
                >
                  {f.options ? (
                    <Select value={values[f.field]} onChange={(_, d) => setValues((v) => ({ ...v, [f.field]: d.value }))}>
                      {f.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                    </Select>
                  ) : (
                    <Input
                      value={values[f.field] ?? ''}
                      onChange={(_, d) => { setValues((v) => ({ ...v, [f.field]: d.value })); touch(f.field); }}
                      onBlur={() => touch(f.field)}
                    />
                  )}
                </Field>
              ))}
              {desc.secrets.filter((sf) => visible(sf.when, values)).map((sf) => (
                <Field
                  key={sf.field}
                  label={
                    <>
                      {sf.label}{' '}
                      {existing?.secretsSet[sf.field]
                        ? <Badge size="small" color="success" appearance="tint">set in keychain</Badge>
                        : <Badge size="small" color="warning" appearance="tint">not set</Badge>}
                    </>
                  }
                  hint={existing?.secretsSet[sf.field] ? 'Leave empty to keep the stored secret' : 'Stored only in the OS keychain'}
                >
                  <Input type="password" autoComplete="off" value={secrets[sf.field] ?? ''} onChange={(_, d) => setSecrets((v) => ({ ...v, [sf.field]: d.value }))} />
                </Field>
              ))}
              {missingSecrets.length > 0 && (
                <div className={s.wide} style={{ fontSize: 12, opacity: 0.8 }}>
                  Without {missingSecrets.map((m) => m.label).join(' and ')} the connection is saved but cannot connect.
                </div>
              )}
              <div className={s.wide}><ErrorBar error={save.error} title="Not saved" /></div>
            </form>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" type="submit" form="connection-form" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
