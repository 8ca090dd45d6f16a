import {
  Button, Field, Input, makeStyles, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { CATEGORY_CHOICES, CATEGORY_NAMES, type MappingEntryInput, type MappingView, type ReferenceDataView } from '../../../core/api/calls/mappings';
import { ErrorBar } from '../../components/ErrorBar';
import { localDateTime } from '../../components/format';
import { useCheck, useRemoveMapping, useSaveMapping } from './mapping-hooks';
import { accountType, TargetPicker, type PickRecord } from './TargetPicker';

type Kind = 'fee' | 'category' | 'sku' | 'marketplace';

const useStyles = makeStyles({
  form: { display: 'flex', gap: '8px', alignItems: 'flex-start', flexWrap: 'wrap', marginBottom: '8px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  dim: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  refused: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200, maxWidth: '520px' },
  ok: { color: tokens.colorPaletteGreenForeground1, fontSize: tokens.fontSizeBase200 },
  save: { marginTop: '22px' },
});

const KIND_TEXT: Record<Kind, { subject: string; target: string; targetNoun: string }> = {
  fee: { subject: 'Amount description', target: 'Account', targetNoun: 'account' },
  category: { subject: 'Category', target: 'Account', targetNoun: 'account' },
  sku: { subject: 'SKU', target: 'Item', targetNoun: 'item' },
  marketplace: { subject: 'Marketplace', target: 'Customer', targetNoun: 'customer' },
};

const KIND_NOUN: Record<Kind, string> = { fee: 'fee type', category: 'category', sku: 'SKU', marketplace: 'marketplace' };

export const blankEntry = (kind: Kind): MappingEntryInput => ({ kind, transactionType: kind === 'fee' ? '*' : '', amountType: kind === 'fee' ? '*' : '', amountDescription: '', subject: '', target: '', dimensions: {} });

/** The add/change form of one rule: the ERP's verdict on the chosen target shows as soon as it is picked. */
export function RuleForm({ connectionId, kind, reference, entry, setEntry }: {
  connectionId: string;
  kind: Kind;
  reference: ReferenceDataView;
  entry: MappingEntryInput;
  setEntry: (e: MappingEntryInput) => void;
}) {
  const s = useStyles();
  const t = KIND_TEXT[kind];
  const save = useSaveMapping(connectionId);
  const check = useCheck(entry.target ? { connectionId, entry } : null);
  const targetProblems = (check.data?.problems ?? []).filter((p) => p.field === 'target' || p.field === 'dimensions');
  const records: PickRecord[] = kind === 'fee' || kind === 'category' ? reference.accounts : kind === 'sku' ? reference.items : reference.customers;
  const set = (patch: Partial<MappingEntryInput>) => setEntry({ ...entry, ...patch });
  const subjectReady = kind === 'fee' ? !!entry.amountDescription?.trim() : !!entry.subject?.trim();
  return (
    <>
      <div className={s.form} role="group" aria-label={`Add or change a ${KIND_NOUN[kind]} rule`}>
        {kind === 'fee' && (
          <>
            <Field label="Transaction type" hint="* = any">
              <Input size="small" value={entry.transactionType} onChange={(_, d) => set({ transactionType: d.value })} style={{ width: 110 }} />
            </Field>
            <Field label="Amount type" hint="* = any">
              <Input size="small" value={entry.amountType} onChange={(_, d) => set({ amountType: d.value })} style={{ width: 110 }} />
            </Field>
            <Field label="Amount description">
              <Input size="small" value={entry.amountDescription} onChange={(_, d) => set({ amountDescription: d.value })} style={{ width: 190 }} />
            </Field>
          </>
        )}
        {kind === 'category' && (
          <Field label={t.subject} hint="every line of the category that no fee rule names">
            <Select size="small" aria-label="Category" value={entry.subject} onChange={(_, d) => set({ subject: d.value })} style={{ width: 220 }}>
              <option value="">(choose)</option>
              {CATEGORY_CHOICES.map((c) => <option key={c} value={c}>{CATEGORY_NAMES[c] ?? c}</option>)}
            </Select>
          </Field>
        )}
        {kind !== 'fee' && kind !== 'category' && (
          <Field label={t.subject}>
            <Input size="small" value={entry.subject} onChange={(_, d) => set({ subject: d.value })} style={{ width: 200 }} />
          </Field>
        )}
        <Field
          label={t.target}
          validationState={targetProblems.length ? 'error' : check.data && entry.target ? 'success' : 'none'}
          validationMessage={targetProblems.length ? targetProblems.map((p) => p.message).join(' ') : check.data && entry.target ? `${t.targetNoun} can be used` : undefined}
        >
          <TargetPicker label={t.target} records={records} value={entry.target} onChange={(target) => set({ target })} />
        </Field>
        {(kind === 'fee' || kind === 'category') && reference.dimensions.map((d) => (
          <Field key={d.code} label={d.name || d.code}>
            <Select
              size="small"
              aria-label={`Dimension ${d.code}`}
              value={entry.dimensions?.[d.code] ?? ''}
              onChange={(_, v) => {
                const dims = { ...entry.dimensions };
                if (v.value) dims[d.code] = v.value;
                else delete dims[d.code];
                set({ dimensions: dims });
              }}
            >
              <option value="">(none)</option>
              {d.values.map((v) => <option key={v.code} value={v.code}>{v.name ? `${v.code} · ${v.name}` : v.code}</option>)}
            </Select>
          </Field>
        ))}
        <Button
          className={s.save}
          size="small"
          appearance="primary"
          disabled={!subjectReady || !entry.target || targetProblems.length > 0 || save.isPending}
          onClick={() => save.mutate({ entry, source: 'editor' }, { onSuccess: () => setEntry(blankEntry(kind)) })}
        >
          Save rule
        </Button>
      </div>
      <ErrorBar error={save.error} title="Not saved" />
    </>
  );
}

const rowKey = (r: MappingView) => `${r.kind}|${r.transactionType}|${r.amountType}|${r.amountDescription}|${r.subject}`;

export function RuleTable({ connectionId, kind, rules, reference, onEdit }: {
  connectionId: string;
  kind: Kind;
  rules: readonly MappingView[];
  reference: ReferenceDataView;
  onEdit: (e: MappingEntryInput) => void;
}) {
  const s = useStyles();
  const t = KIND_TEXT[kind];
  const remove = useRemoveMapping(connectionId);
  // Removing asks once more, in place: the rule's subject stops posting until it is mapped again.
  const [confirming, setConfirming] = useState<string | null>(null);
  const records: PickRecord[] = kind === 'fee' || kind === 'category' ? reference.accounts : kind === 'sku' ? reference.items : reference.customers;
  const recordOf = (code: string) => records.find((r) => r.code === code);
  const mine = rules.filter((r) => r.kind === kind);
  if (!mine.length) return <Text className={s.dim}>No {KIND_NOUN[kind]} rules yet. Add one above{kind === 'fee' ? ', or confirm a suggestion below' : ''}, or import a CSV.</Text>;
  return (
    <>
      <ErrorBar error={remove.error} />
      <Table size="extra-small" aria-label={`${t.subject} rules`} style={{ tableLayout: 'auto', width: 'auto', minWidth: '720px' }}>
        <TableHeader>
          <TableRow>
            {kind === 'fee' && <TableHeaderCell>Transaction type</TableHeaderCell>}
            {kind === 'fee' && <TableHeaderCell>Amount type</TableHeaderCell>}
            <TableHeaderCell>{t.subject}</TableHeaderCell>
            <TableHeaderCell>{t.target}</TableHeaderCell>
            <TableHeaderCell>Name in the ERP</TableHeaderCell>
            {(kind === 'fee' || kind === 'category') && <TableHeaderCell>Dimensions</TableHeaderCell>}
            <TableHeaderCell>Changed</TableHeaderCell>
            <TableHeaderCell>By</TableHeaderCell>
            <TableHeaderCell />
          </TableRow>
        </TableHeader>
        <TableBody>
          {mine.map((r) => {
            const subject = kind === 'fee' ? r.amountDescription : r.subject;
            const at = localDateTime(r.updatedAt);
            const found = recordOf(r.target);
            const type = found ? accountType(found) : '';
            return (
              <TableRow key={`${r.transactionType}|${r.amountType}|${subject}`} data-testid={`rule-${subject}`}>
                {kind === 'fee' && <TableCell className={s.mono}>{r.transactionType}</TableCell>}
                {kind === 'fee' && <TableCell className={s.mono}>{r.amountType}</TableCell>}
                <TableCell className={s.mono}>{subject}</TableCell>
                <TableCell className={s.mono}>{r.target}</TableCell>
                <TableCell className={s.nowrap}>
                  {found?.name ?? '(not in the ERP data)'}
                  {type && <span className={s.dim}> · {type}</span>}
                </TableCell>
                {(kind === 'fee' || kind === 'category') && <TableCell className={s.mono}>{Object.entries(r.dimensions).map(([k, v]) => `${k}=${v}`).join(' ')}</TableCell>}
                <TableCell className={s.nowrap} title={at.title}>{at.text}</TableCell>
                <TableCell>{r.updatedBy}</TableCell>
                <TableCell className={s.nowrap}>
                  <Button size="small" appearance="subtle" onClick={() => onEdit({ ...r })}>Edit</Button>
                  {confirming === rowKey(r) ? (
                    <>
                      <Button size="small" appearance="primary" onClick={() => { setConfirming(null); remove.mutate(r); }}>Remove {subject}: it will need a rule again before it posts</Button>
                      <Button size="small" appearance="subtle" onClick={() => setConfirming(null)}>Keep</Button>
                    </>
                  ) : (
                    <Button size="small" appearance="subtle" aria-label={`Remove ${subject}`} onClick={() => setConfirming(rowKey(r))}>Remove</Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
}
