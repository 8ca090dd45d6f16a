import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, makeStyles, ProgressBar, Select, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { call } from '../api/client';
import { useLongCall } from '../api/hooks';
import { ErrorBar } from '../components/ErrorBar';
import { PageHeader } from '../components/PageHeader';
import { ChangeTable } from './listings/ChangeTable';
import { FbaStockSection } from './listings/FbaStockSection';
import { OfferSection } from './listings/OfferSection';
import { describeRule, RuleEditor, type RuleInput } from './listings/RuleEditor';

const useStyles = makeStyles({
  controls: { display: 'flex', gap: '16px', alignItems: 'flex-end', flexWrap: 'wrap', marginBottom: '12px' },
  section: { marginTop: '20px', display: 'flex', flexDirection: 'column', gap: '8px' },
  bar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  empty: { padding: '24px', border: `1px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusLarge, color: tokens.colorNeutralForeground2 },
  muted: { color: tokens.colorNeutralForeground2 },
  skipped: { margin: 0, paddingLeft: '20px', color: tokens.colorNeutralForeground2 },
});

/** Listings: the rule that turns ERP prices and stock into Amazon offers, the change set it gives, approval and sending. */
export function ListingsPage() {
  const s = useStyles();
  const qc = useQueryClient();
  const setup = useQuery({ queryKey: ['listings', 'setup'], queryFn: () => call('listings.setup', {}) });
  const rules = useQuery({ queryKey: ['listings', 'rules'], queryFn: () => call('listings.rules', {}) });
  const [amazonId, setAmazonId] = useState('');
  const [marketplaceId, setMarketplaceId] = useState('');
  const chosenAmazon = amazonId || setup.data?.amazon[0]?.id || '';
  const firstRule = rules.data?.find((r) => r.amazonConnectionId === chosenAmazon);
  const chosenMarket = marketplaceId || firstRule?.marketplaceId || setup.data?.marketplaces[0]?.id || '';
  const market = setup.data?.marketplaces.find((m) => m.id === chosenMarket);
  const rule = rules.data?.find((r) => r.amazonConnectionId === chosenAmazon && r.marketplaceId === chosenMarket) ?? null;
  const scope = { amazonConnectionId: chosenAmazon, marketplaceId: chosenMarket };
  const changes = useQuery({ queryKey: ['listings', 'changes', scope], queryFn: () => call('listings.changes', scope), enabled: !!rule });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: ['listings'] });

  const save = useMutation({ mutationFn: (input: RuleInput) => call('listings.saveRule', input), onSuccess: () => { setEditing(false); return refresh(); } });
  const preview = useLongCall((input: typeof scope, cid) => call('listings.preview', input, cid), [['listings']]);
  const approve = useMutation({ mutationFn: (ids: number[]) => call('listings.approve', { ids }), onSuccess: () => { setSelected(new Set()); return refresh(); } });
  const send = useLongCall((input: typeof scope, cid) => call('listings.send', input, cid), [['listings']]);

  const list = changes.data ?? [];
  const open = useMemo(() => list.filter((c) => c.state === 'held' || c.state === 'ready' || c.state === 'sending'), [list]);
  const done = useMemo(() => list.filter((c) => c.state === 'sent' || c.state === 'failed').slice(0, 200), [list]);
  const ready = list.filter((c) => c.state === 'ready').length;
  const held = list.filter((c) => c.state === 'held');
  const busy = preview.isPending || send.isPending;
  const progress = preview.progress ?? send.progress;

  return (
    <>
      <PageHeader title="Listings & inventory" hint="ERP prices and stock to Amazon offers: a rule per marketplace, a preview of every change, approval for large ones, and Amazon's answer per SKU." />
      <ErrorBar error={setup.error ?? rules.error ?? save.error ?? preview.error ?? approve.error ?? send.error ?? changes.error} />
      {setup.data && setup.data.amazon.length === 0 ? (
        <div className={s.empty}>Add an Amazon connection under Connections first; its listings are priced here.</div>
      ) : setup.data && (
        <>
          <div className={s.controls}>
            <Field label="Amazon connection">
              <Select value={chosenAmazon} onChange={(_, d) => { setAmazonId(d.value); setMarketplaceId(''); }}>
                {setup.data.amazon.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              </Select>
            </Field>
            <Field label="Marketplace">
              <Select value={chosenMarket} onChange={(_, d) => { setMarketplaceId(d.value); setEditing(false); }}>
                {setup.data.marketplaces.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.currency}){rules.data?.some((r) => r.amazonConnectionId === chosenAmazon && r.marketplaceId === m.id) ? ' · rule' : ''}</option>)}
              </Select>
            </Field>
          </div>
          <Subtitle2 as="h2">Rule</Subtitle2>
          {rule && !editing ? (
            <div className={s.bar}>
              <Text data-testid="rule-summary">{describeRule(rule, setup.data)}</Text>
              <Button size="small" onClick={() => setEditing(true)}>Edit rule</Button>
              <Text size={200} className={s.muted}>changed by {rule.updatedBy}</Text>
            </div>
          ) : (
            <RuleEditor key={`${chosenAmazon}|${chosenMarket}|${rule?.updatedAt ?? 'new'}`} rule={rule} setup={setup.data} amazonConnectionId={chosenAmazon} marketplaceId={chosenMarket}
              currency={market?.currency ?? 'EUR'} saving={save.isPending} onSave={(input) => save.mutate(input)} onClose={() => setEditing(false)} />
          )}

          {rule && (
            <section className={s.section} aria-label="Change set">
              <Subtitle2 as="h2">Change set</Subtitle2>
              <div className={s.bar}>
                <Button onClick={() => { send.reset(); preview.mutate(scope); }} disabled={busy}>Preview changes</Button>
                <Button onClick={() => approve.mutate([...selected])} disabled={busy || selected.size === 0 || approve.isPending}>Approve selected ({selected.size})</Button>
                {held.length > 0 && <Button appearance="subtle" onClick={() => setSelected(new Set(held.map((c) => c.id)))}>Select all held ({held.length})</Button>}
                <Button appearance="primary" onClick={() => setConfirming(true)} disabled={busy || ready === 0}>Send {ready} ready change{ready === 1 ? '' : 's'}</Button>
                {busy && <Button appearance="subtle" onClick={() => void (preview.isPending ? preview.cancel() : send.cancel())}>Cancel</Button>}
              </div>
              {busy && <ProgressBar value={progress?.total ? progress.done / progress.total : undefined} />}
              {progress && busy && <Text size={200} className={s.muted}>{progress.phase}</Text>}
              {preview.data && (
                <Text className={s.muted} data-testid="preview-summary">
                  {preview.data.found} change{preview.data.found === 1 ? '' : 's'} found, {preview.data.held} held for approval, {preview.data.unchanged} unchanged, {preview.data.skipped.length} skipped.
                </Text>
              )}
              {preview.data && preview.data.skipped.length > 0 && <ul className={s.skipped}>{preview.data.skipped.map((k, i) => <li key={`${k.sku}|${i}`}>{k.reason}</li>)}</ul>}
              {preview.data && preview.data.withdrawn.length > 0 && <ul className={s.skipped} data-testid="preview-withdrawn">{preview.data.withdrawn.map((k, i) => <li key={`${k.sku}|${i}`}>{k.sku}: {k.reason}</li>)}</ul>}
              {send.data && (
                <Text data-testid="send-summary">
                  {send.data.sent} sent, {send.data.failed} refused by Amazon{send.data.feedIds.length ? ` (feed ${send.data.feedIds.join(', ')})` : ''}
                  {send.data.withdrawn.length ? `, ${send.data.withdrawn.length} withdrawn because the ERP moved` : ''}.{send.data.stopped ? ` ${send.data.stopped}` : ''}
                </Text>
              )}
              {send.data && send.data.withdrawn.length > 0 && <ul className={s.skipped} data-testid="send-withdrawn">{send.data.withdrawn.map((k, i) => <li key={`${k.sku}|${i}`}>{k.sku}: {k.reason}</li>)}</ul>}
              {open.length === 0 && !changes.isLoading && <div className={s.empty}>Nothing waiting. Preview the changes to compare the ERP with what Amazon shows.</div>}
              {open.length > 0 && <ChangeTable changes={open} selected={selected} onSelect={(id, on) => setSelected((x) => { const n = new Set(x); if (on) n.add(id); else n.delete(id); return n; })} />}
              {done.length > 0 && (
                <>
                  <Subtitle2 as="h2">Sent and refused</Subtitle2>
                  <ChangeTable changes={done} selected={selected} onSelect={() => undefined} />
                </>
              )}
            </section>
          )}
          {rule && <OfferSection key={`offer|${chosenAmazon}|${chosenMarket}`} amazonConnectionId={chosenAmazon} marketplaceId={chosenMarket} />}
          {rule && <FbaStockSection key={`${chosenAmazon}|${chosenMarket}`} amazonConnectionId={chosenAmazon} marketplaceId={chosenMarket}
            erpName={setup.data?.erp.find((e) => e.id === rule.erpConnectionId)?.name ?? rule.erpConnectionId} />}
        </>
      )}
      <Dialog open={confirming} onOpenChange={(_, d) => setConfirming(d.open)}>
        <DialogSurface aria-label="Send to Amazon">
          <DialogBody>
            <DialogTitle>Send {ready} change{ready === 1 ? '' : 's'} to Amazon?</DialogTitle>
            <DialogContent>
              The new prices and quantities go to {market?.name ?? chosenMarket} now, {ready > 20 ? 'as one listings feed' : 'one listing at a time'}. Held changes stay until approved.
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirming(false)}>Cancel</Button>
              <Button appearance="primary" onClick={() => { setConfirming(false); preview.reset(); send.mutate(scope); }}>Send to Amazon</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
