import {
  Badge, Button, Card, CardHeader, Link, makeStyles, MessageBar, MessageBarBody, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { kindDescriptions } from '../../core/api';
import type { DashboardSummaryView } from '../../core/api/calls/dashboard';
import { call } from '../api/client';
import { useAppInfo } from '../api/hooks';
import { BarChart } from '../components/BarChart';
import { ErrorBar } from '../components/ErrorBar';
import { PageHeader } from '../components/PageHeader';
import { FlowActivityCard } from './attention/FlowActivityCard';
import { GetStartedCard } from './dashboard/GetStartedCard';
import { DateText } from '../components/DateText';
import { useCheckErp } from './settlements/posting-hooks';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '1180px' },
  stats: { display: 'grid', gridTemplateColumns: 'repeat(4, minmax(180px, 1fr))', gap: '12px' },
  stat: { display: 'flex', flexDirection: 'column', gap: '2px', padding: '12px 16px', cursor: 'pointer' },
  statNumber: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums' },
  alert: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  // Side by side from a 1280 px window; below it each column would be too narrow for its table, so they stack.
  columns: { display: 'grid', gridTemplateColumns: 'minmax(0, 1.25fr) minmax(0, 1fr)', gap: '12px', alignItems: 'start', '@media (max-width: 1199px)': { gridTemplateColumns: 'minmax(0, 1fr)' } },
  charts: { display: 'flex', flexDirection: 'column', gap: '12px' },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  nowrap: { whiteSpace: 'nowrap' },
});

const go = (path: string) => () => (window.location.hash = `#/${path}`);

function Stat({ label, value, hint, to, alert = false, testId }: { label: string; value: number; hint: string; to: string; alert?: boolean; testId: string }) {
  const s = useStyles();
  return (
    <Card className={s.stat} onClick={go(to)} role="link" tabIndex={0} aria-label={`${label}: ${value}. ${hint}`} data-testid={testId}
      onKeyDown={(e) => { if (e.key === 'Enter') go(to)(); }}>
      <Text className={`${s.statNumber} ${alert && value > 0 ? s.alert : ''}`} data-count={value}>{value}</Text>
      <Text weight="semibold">{label}</Text>
      <Text size={200} className={s.muted}>{hint}</Text>
    </Card>
  );
}

const COUNT_WORDS: Record<string, string> = { found: 'found', imported: 'imported', newVersions: 're-issued', unchanged: 'unchanged', alreadyHandled: 'already here', unreadable: 'unreadable' };

function runCounts(counts: Record<string, number>): string {
  return Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${COUNT_WORDS[k] ?? k}`).join(', ');
}

function Connections({ rows }: { rows: DashboardSummaryView['connections'] }) {
  const s = useStyles();
  return (
    <Card>
      <CardHeader header={<Text weight="semibold">Last sync per connection</Text>} />
      {rows.length === 0 ? (
        <Text className={s.muted}>No connections yet. <Link onClick={go('connections')}>Add your Seller Central account and your ERP</Link>.</Text>
      ) : (
        <Table size="small" aria-label="Last sync per connection">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '32%' }}>Connection</TableHeaderCell>
              <TableHeaderCell style={{ width: '172px' }}>Last sync</TableHeaderCell>
              <TableHeaderCell>Result</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((c) => (
              <TableRow key={c.connectionId} data-connection={c.connectionId}>
                <TableCell>
                  <Text block>{c.name}</Text>
                  <Text size={200} className={s.muted}>{kindDescriptions[c.kind as keyof typeof kindDescriptions]?.label ?? c.kind}</Text>
                </TableCell>
                <TableCell className={s.nowrap}>
                  {c.lastRun ? <DateText iso={c.lastRun.endedAt ?? c.lastRun.startedAt} withTime /> : c.referenceReadAt ? <DateText iso={c.referenceReadAt} withTime /> : <span className={s.muted}>never</span>}
                </TableCell>
                <TableCell>
                  {c.lastRun ? (
                    <>
                      <Badge appearance="tint" color={c.lastRun.status === 'succeeded' ? 'success' : c.lastRun.status === 'running' ? 'informative' : c.lastRun.status === 'cancelled' ? 'subtle' : 'danger'}>{c.lastRun.status}</Badge>{' '}
                      <Text size={200}>{runCounts(c.lastRun.counts)}</Text>
                      {c.lastRun.error && <Text block className={s.error}>{c.lastRun.error}</Text>}
                    </>
                  ) : c.referenceReadAt ? (
                    <Text size={200}>Chart of accounts and dimensions read (by hand: no sync job refreshes them)</Text>
                  ) : (
                    <Text size={200} className={s.muted}>{c.kind === 'amazon' ? 'Import new settlements on the Settlements page, or add a sync job under Settings.' : 'Its chart of accounts has not been read yet: refresh it under Mappings.'}</Text>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

/** Journals created in their ERP that a person still has to post there (F&O), longest waiting first, with a look now per connection. */
function AwaitingInErp({ rows }: { rows: DashboardSummaryView['awaitingInErp'] }) {
  const s = useStyles();
  const check = useCheckErp();
  const connections = [...new Map(rows.filter((r) => r.connectionId).map((r) => [r.connectionId!, r.connectionName])).entries()];
  return (
    <Card data-testid="awaiting-in-erp">
      <CardHeader
        header={<Text weight="semibold">Waiting to be posted in the ERP</Text>}
        description={<Text size={200} className={s.muted}>Created there by this app; a person posts them in the ERP, and the sync engine records them as posted.</Text>}
        action={
          <div>
            {connections.map(([id, name]) => (
              <Button key={id} size="small" className={s.nowrap} disabled={check.isPending} onClick={() => check.mutate(id)} title={`Ask ${name} now which of these were posted`}>
                {check.isPending && check.variables === id ? 'Checking…' : `Check ${name} now`}
              </Button>
            ))}
          </div>
        }
      />
      <ErrorBar error={check.error} title="The ERP could not be asked" />
      <Table size="small" aria-label="Waiting to be posted in the ERP">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: '22%' }}>Settlement</TableHeaderCell>
            <TableHeaderCell style={{ width: '38%' }}>Journal</TableHeaderCell>
            <TableHeaderCell>Waiting since</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={`${r.connectionId ?? ''}:${r.naturalKey}`} data-key={r.naturalKey}>
              <TableCell><Link onClick={go('settlements')}>{r.settlementId}</Link></TableCell>
              <TableCell>
                <Text block className={s.nowrap}>{r.erpDocumentNumber ?? r.naturalKey}</Text>
                <Text size={200} className={s.muted}>in {r.connectionName}</Text>
              </TableCell>
              <TableCell><DateText iso={r.since} withTime /></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

function Fees({ fees }: { fees: DashboardSummaryView['fees'] }) {
  const s = useStyles();
  return (
    <Card>
      <CardHeader header={<Text weight="semibold">Fees by category</Text>} description={<Text size={200} className={s.muted}>What Amazon charged over the latest settlements, per currency</Text>} />
      {fees.length === 0 && <Text className={s.muted}>No settlements yet.</Text>}
      <div className={s.charts}>
        {fees.map((f) => (
          <section key={f.currency} aria-label={`Fees in ${f.currency}`} data-testid={`fees-${f.currency}`}>
            <Text size={200} weight="semibold" block>{f.currency} · last {f.settlements} {f.settlements === 1 ? 'settlement' : 'settlements'}</Text>
            {f.categories.length ? (
              <BarChart title={`Fees by category in ${f.currency}`} currency={f.currency} width={420} labelWidth={150} bars={f.categories.map((c) => ({ label: c.label, key: c.category, amount: c.amount }))} />
            ) : (
              <Text size={200} className={s.muted}>No fees.</Text>
            )}
          </section>
        ))}
      </div>
    </Card>
  );
}

/** "Open demo workspace": the demo company read again and the starter mappings put back. */
function useOpenDemo() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call('demo.open', {}),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: ['mappings'] }), qc.invalidateQueries({ queryKey: ['dashboard'] }), qc.invalidateQueries({ queryKey: ['review'] })]),
  });
}

/** The summary, read again whenever settlements, review, posting, jobs or connections change (useLiveInvalidation). */
function useDashboard() {
  return useQuery({ queryKey: ['dashboard'], queryFn: () => call('dashboard.summary', {}) });
}

export function DashboardPage() {
  const s = useStyles();
  const info = useAppInfo();
  const summary = useDashboard();
  const open = useOpenDemo();
  const d = summary.data;
  return (
    <div className={s.page}>
      <PageHeader
        title="Dashboard"
        hint="What needs your attention in this workspace."
        actions={info.data?.demo ? (
          <Button appearance="secondary" disabled={open.isPending} onClick={() => open.mutate()} title="Reads the demo ERP companies and puts their starter mappings back">
            {open.isPending ? 'Opening the demo…' : 'Open demo workspace'}
          </Button>
        ) : undefined}
      />
      <ErrorBar error={summary.error} />
      <ErrorBar error={open.error} title="The demo could not be opened" />
      {open.data && (
        <MessageBar intent="success" data-testid="demo-opened">
          <MessageBarBody>
            Demo workspace ready: the starter mappings of the demo ERP companies are in place ({open.data.mappingsChanged ? `${open.data.mappingsChanged} put back` : 'none had changed'}).{' '}
            <Link onClick={go('settlements')}>Go to Settlements and choose Import new settlements.</Link>
          </MessageBarBody>
        </MessageBar>
      )}
      {!d && summary.isLoading && <Spinner size="small" label="Reading the workspace…" />}
      {d && d.connections.length === 0 && d.counts.settlements === 0 && (
        <GetStartedCard demo={info.data?.demo ?? false} openDemo={() => open.mutate()} opening={open.isPending} />
      )}
      {d && (
        <>
          <div className={s.stats}>
            <Stat testId="awaiting-review" label="Awaiting review" value={d.counts.awaitingReview} hint="Open items to resolve in the review queue" to="review" />
            <Stat testId="awaiting-approval" label="Awaiting approval" value={d.counts.awaitingApproval} hint="Nothing open any more: approve them in the review queue" to="review" />
            <Stat testId="approved" label="Approved, not posted" value={d.counts.approved} hint="Post them from the Settlements preview" to="settlements" />
            <Stat testId="posting-failures" label="Posting failures" value={d.counts.postingFailed} hint="Settlements with a document the ERP refused" to="settlements" alert />
          </div>
          <div className={s.columns}>
            <div className={s.charts}>
              <Connections rows={d.connections} />
              <FlowActivityCard />
              {d.awaitingInErp.length > 0 && <AwaitingInErp rows={d.awaitingInErp} />}
              {d.postingFailures.length > 0 && (
                <Card>
                  <CardHeader header={<Text weight="semibold" className={s.alert}>Posting failures</Text>} />
                  <Table size="small" aria-label="Posting failures">
                    <TableHeader>
                      <TableRow>
                        <TableHeaderCell style={{ width: '22%' }}>Settlement</TableHeaderCell>
                        <TableHeaderCell style={{ width: '14%' }}>Documents</TableHeaderCell>
                        <TableHeaderCell>What the ERP said</TableHeaderCell>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {d.postingFailures.map((f) => (
                        <TableRow key={f.settlementId}>
                          <TableCell><Link onClick={go('settlements')}>{f.settlementId}</Link></TableCell>
                          <TableCell>{f.documents}</TableCell>
                          <TableCell><Text size={200}>{f.message}</Text> <Text size={200} className={s.muted}>(<DateText iso={f.at} withTime />)</Text></TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </Card>
              )}
            </div>
            <Fees fees={d.fees} />
          </div>
        </>
      )}
    </div>
  );
}
