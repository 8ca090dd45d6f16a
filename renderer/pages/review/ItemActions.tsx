import { Button, Checkbox, Field, Input, makeStyles, MessageBar, MessageBarBody, Radio, RadioGroup, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { ReferenceDataView } from '../../../core/api/calls/mappings';
import type { ReviewItemView } from '../../../core/api/calls/review';
import { ErrorBar } from '../../components/ErrorBar';
import { TargetPicker } from '../mappings/TargetPicker';
import { Amount } from '../../components/Amount';
import { useResolve } from './review-hooks';

type Action = ReviewItemView['actions'][number];

const ACTION_LABEL: Record<Action, string> = {
  map: 'Map now',
  acceptVariance: 'Accept variance',
  exclude: 'Exclude lines',
  acknowledge: 'Acknowledge',
};

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '6px', padding: '8px 12px 10px', background: tokens.colorNeutralBackground2, borderLeft: `3px solid ${tokens.colorBrandStroke1}` },
  form: { display: 'flex', gap: '8px', alignItems: 'flex-end', flexWrap: 'wrap' },
  explain: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  reason: { width: '340px' },
  details: { display: 'grid', gridTemplateColumns: 'max-content auto', columnGap: '16px', rowGap: '2px', margin: 0, fontSize: tokens.fontSizeBase200 },
  detailValue: { margin: 0, fontVariantNumeric: 'tabular-nums' },
});

/** The figures a check found, when it lists them (e.g. an unusual fee level: this settlement, usual, range). */
function detailsOf(item: ReviewItemView): Array<{ label: string; value: string }> {
  const d = item.facts.details;
  return Array.isArray(d) ? d.filter((x): x is { label: string; value: string } => typeof x?.label === 'string' && typeof x?.value === 'string') : [];
}

const TARGET_NOUN = { account: 'Account', item: 'Item', customer: 'Customer' } as const;

/** What a "map now" saves, in words, so nobody is surprised it applies beyond this settlement. */
function mapExplanation(item: ReviewItemView, connectionName: string): string {
  const f = item.facts;
  switch (item.kind) {
    case 'unknown-type':
    case 'unmapped-fee': {
      const type = [f.transactionType, f.amountType].filter((v) => v !== '*').concat(f.amountDescription).map(String).join(' / ');
      const anyType = f.transactionType === '*' ? ' (any transaction type)' : '';
      return `Saves a mapping rule in ${connectionName}: ${type}${anyType} posts to this account in every settlement.`;
    }
    case 'unmapped-role': return `Sets the ${String(f.role)} account of ${connectionName} for every settlement.`;
    case 'unmapped-sku': return `Maps SKU ${String(f.sku)} to this item in ${connectionName}.`;
    case 'unmapped-marketplace': return `Maps marketplace ${String(f.marketplace)} to this customer in ${connectionName}.`;
    default: return `Every mapping rule that posts to account ${String(f.account)} moves to the chosen account.`;
  }
}

/** Lines that carry the sale itself: leaving them out understates revenue, so excluding them asks twice. */
function isSalesPrincipal(item: ReviewItemView): boolean {
  const f = item.facts;
  return f.category === 'principal' || (f.amountType === 'ItemPrice' && f.amountDescription === 'Principal');
}

/** The in-place fix of one review item: the item's actions as tabs, the first one ready to use. */
export function ItemActions({ item, initialAction, connectionId, connectionName, reference, onDone, onCancel }: {
  item: ReviewItemView;
  initialAction?: Action | undefined;
  connectionId: string | null;
  connectionName: string;
  reference: ReferenceDataView | undefined;
  onDone: () => void;
  onCancel: () => void;
}) {
  const s = useStyles();
  const [action, setAction] = useState<Action>(initialAction && item.actions.includes(initialAction) ? initialAction : item.actions[0]!);
  // A variance above the workspace's limit that one person proposed: a second person confirms the same account.
  const proposal = item.state === 'open' && item.resolution?.action === 'acceptVariance' && item.resolution.proposedBy ? item.resolution : null;
  const [target, setTarget] = useState(proposal?.account ?? '');
  const [reason, setReason] = useState('');
  const [salesConfirmed, setSalesConfirmed] = useState(false);
  // A fee type's rule is for its own transaction type unless the person says every type: refunds keep their own rule.
  const ownType = (item.kind === 'unknown-type' || item.kind === 'unmapped-fee') && typeof item.facts.transactionType === 'string' && item.facts.transactionType && item.facts.transactionType !== '*' ? item.facts.transactionType : null;
  const [ruleScope, setRuleScope] = useState<'own' | 'all'>('own');
  const salesWarning = action === 'exclude' && isSalesPrincipal(item);
  const refunds = ownType?.toLowerCase() === 'refund';
  const resolve = useResolve();
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Focus the first field so the keyboard flow goes on from Enter without a mouse.
    const el = first.current?.querySelector<HTMLElement>('input, button');
    el?.focus();
  }, [action]);
  // Escape closes the fix wherever the focus went (a button that was busy may have dropped it).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) onCancel();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const submit = () => {
    const resolution =
      action === 'map' ? { action, target, ...(ownType && ruleScope === 'all' ? { allTransactionTypes: true } : {}) }
        : action === 'acceptVariance' ? { action, account: target, reason }
          : action === 'exclude' ? { action, reason }
            : { action, ...(reason.trim() ? { note: reason } : {}) };
    resolve.mutate({ itemId: item.id, ...(connectionId ? { connectionId } : {}), resolution }, { onSuccess: onDone });
  };
  const records = item.mapTarget === 'item' ? reference?.items ?? [] : item.mapTarget === 'customer' ? reference?.customers ?? [] : reference?.accounts ?? [];
  const causes = (item.facts.causes ?? []) as Array<{ reason: string; rows: number[] }>;
  const rows = causes.find((c) => c.rows.length)?.rows ?? [];
  const ready =
    action === 'map' ? !!target.trim()
      : action === 'acceptVariance' ? !!target.trim() && (!!proposal || !!reason.trim())
        : action === 'exclude' ? !!reason.trim() && (item.kind !== 'difference' || rows.length > 0) && (!salesWarning || salesConfirmed)
          : true;

  return (
    <div
      className={s.panel}
      role="group"
      aria-label={`Resolve: ${item.title}`}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') e.stopPropagation();
        if (e.key === 'Enter' && ready && !resolve.isPending && (e.target as HTMLElement).tagName === 'INPUT' && !(e.target as HTMLElement).getAttribute('aria-expanded')?.includes('true')) {
          e.preventDefault();
          submit();
        }
      }}
    >
      {item.actions.length > 1 && (
        <TabList size="small" selectedValue={action} onTabSelect={(_, d) => setAction(d.value as Action)} aria-label="Ways to resolve">
          {item.actions.map((a) => <Tab key={a} value={a}>{ACTION_LABEL[a]}</Tab>)}
        </TabList>
      )}
      {salesWarning && (
        <MessageBar intent="warning" data-testid="exclude-sales-warning">
          <MessageBarBody>
            These lines are the {refunds ? 'refunds' : 'sales'} themselves{item.amount !== null && item.currency ? <> (<Amount minor={item.amount} currency={item.currency} />)</> : null}: excluding them leaves {refunds ? 'refunded revenue' : 'revenue'} out of the books and the
            deposit no longer matches. Map them to the {refunds ? 'refunds' : 'sales'} account unless they really do not belong to this payout.
          </MessageBarBody>
        </MessageBar>
      )}
      {detailsOf(item).length > 0 && (
        <dl className={s.details} data-testid="item-details">
          {detailsOf(item).map((d) => [<dt key={`${d.label}-t`}>{d.label}</dt>, <dd key={`${d.label}-v`} className={s.detailValue}>{d.value}</dd>])}
        </dl>
      )}
      <div className={s.form} ref={first}>
        {(action === 'map' || action === 'acceptVariance') && (
          <Field label={action === 'map' ? TARGET_NOUN[item.mapTarget ?? 'account'] : 'Variance account'} size="small">
            <TargetPicker label={action === 'map' ? TARGET_NOUN[item.mapTarget ?? 'account'] : 'Variance account'} records={records} value={target} onChange={setTarget} />
          </Field>
        )}
        {action === 'map' && ownType && (
          <Field label="Rule for" size="small">
            <RadioGroup layout="horizontal" value={ruleScope} onChange={(_, d) => setRuleScope(d.value as 'own' | 'all')} data-testid="rule-scope">
              <Radio value="own" label={`${ownType} lines only`} />
              <Radio value="all" label="Every transaction type" />
            </RadioGroup>
          </Field>
        )}
        {action !== 'map' && !(action === 'acceptVariance' && proposal) && (
          <Field label={action === 'acknowledge' ? 'Note (optional)' : 'Reason'} size="small" required={action !== 'acknowledge'}>
            <Input className={s.reason} size="small" value={reason} onChange={(_, d) => setReason(d.value)} aria-label={action === 'acknowledge' ? 'Note' : 'Reason'} />
          </Field>
        )}
        {salesWarning && (
          <Checkbox label="Leave these sales out anyway" checked={salesConfirmed} onChange={(_, d) => setSalesConfirmed(d.checked === true)} />
        )}
        <Button size="small" appearance="primary" disabled={!ready} disabledFocusable={resolve.isPending} onClick={submit}>{action === 'acceptVariance' && proposal ? 'Confirm variance' : ACTION_LABEL[action]}</Button>
        <Button size="small" appearance="subtle" onClick={onCancel}>Cancel</Button>
      </div>
      <Text className={s.explain}>
        {action === 'map' && mapExplanation(item, connectionName)}
        {action === 'acceptVariance' && item.amount !== null && item.currency && (proposal ? (
          <span data-testid="variance-proposal">
            {proposal.proposedBy} proposed posting <Amount minor={item.amount} currency={item.currency} /> to account {proposal.account} ("{proposal.reason}"). It is above what one person
            may accept in this workspace: a second person confirms it.
          </span>
        ) : (
          <>Posts a variance line of <Amount minor={item.amount} currency={item.currency} /> to the chosen account; the reason (a few words) goes into the line and the audit log. Above the workspace's variance limit a second person must confirm it.</>
        ))}
        {action === 'exclude' && item.kind === 'difference' && (rows.length
          ? `Leaves file line${rows.length === 1 ? '' : 's'} ${rows.join(', ')} out of the journal (${causes.find((c) => c.rows.length)?.reason}).`
          : 'No line explains this difference: accept it as a variance instead.')}
        {action === 'exclude' && item.kind !== 'difference' && `Leaves these ${item.lineCount ?? ''} lines out of the journal. If they are part of the payout, the difference that remains must be accepted as a variance.`}
        {action === 'acknowledge' && `Records that you have seen this ${item.severity === 'warning' ? 'warning' : 'change'}, with your name and the time.`}
      </Text>
      <ErrorBar error={resolve.error} title="Not resolved" />
    </div>
  );
}
