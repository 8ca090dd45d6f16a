import {
  Badge, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, MessageBar,
  MessageBarBody, ProgressBar, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { kindDescriptions, type ConnectionView } from '../../core/api';
import { useConnections, useDeleteConnection, useTestConnection } from '../api/hooks';
import { ErrorBar } from '../components/ErrorBar';
import { localDateTime } from '../components/format';
import { PageHeader } from '../components/PageHeader';
import { ArchivedConnections } from './connections/ArchivedConnections';
import { ConnectionForm } from './connections/ConnectionForm';

const useStyles = makeStyles({
  table: { maxWidth: '1200px' },
  secrets: { display: 'flex', gap: '4px', flexWrap: 'wrap' },
  // A long badge ("set 181 days ago, rotate before day 180") wraps inside its pill instead of spilling over the row.
  secretBadge: { height: 'auto', minHeight: '20px', whiteSpace: 'normal', paddingTop: '1px', paddingBottom: '1px' },
  actions: { display: 'flex', gap: '4px' },
  empty: { padding: '24px', border: `1px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium, maxWidth: '640px' },
  result: { marginTop: '12px', maxWidth: '1200px' },
  system: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '2px', paddingTop: '4px', paddingBottom: '4px' },
  note: { color: tokens.colorNeutralForeground3 },
});

/** How the app learns of changes in the ERP: notified (webhooks), or polling with the reason it fell back. */
function notificationBadge(c: ConnectionView, noteClass: string) {
  const n = c.notifications;
  if (!n) return null;
  const push = n.mode === 'push';
  return (
    <>
      <Badge appearance="tint" color={push ? 'success' : 'warning'} title={n.message}>
        {push ? 'Notified of changes' : 'Polling: notifications failed'}
      </Badge>
      <Text size={200} className={noteClass}>
        {push ? (n.expiresAt ? `Subscriptions renew before ${localDateTime(n.expiresAt).text}` : '') : n.message}
      </Text>
    </>
  );
}

const ROTATION_WARNING_DAYS = 150;

function secretBadges(c: ConnectionView, className: string) {
  return kindDescriptions[c.kind].secrets
    .filter((sf) => !sf.when || c.settings[sf.when.field] === sf.when.value)
    .map((sf) => {
      const set = c.secretsSet[sf.field];
      const entered = c.secretsEnteredAt[sf.field];
      const ageDays = c.secretsAgeDays[sf.field] ?? 0;
      const old = c.kind === 'amazon' && sf.field === 'clientSecret' && set && ageDays >= ROTATION_WARNING_DAYS;
      return (
        <Badge
          key={sf.field}
          className={className}
          appearance="tint"
          color={!set ? 'warning' : old ? 'danger' : 'success'}
          title={entered ? `Entered ${localDateTime(entered).text}` : undefined}
        >
          {sf.label}: {!set ? 'not set' : old ? `set ${ageDays} days ago, rotate before day 180` : 'set'}
        </Badge>
      );
    });
}

export function ConnectionsPage() {
  const s = useStyles();
  const connections = useConnections();
  const remove = useDeleteConnection();
  const test = useTestConnection();
  const [editing, setEditing] = useState<ConnectionView | 'new' | null>(null);
  const [removing, setRemoving] = useState<ConnectionView | null>(null);
  const [tested, setTested] = useState<ConnectionView | null>(null);
  const list = connections.data ?? [];
  // The same problem for every connection (one keychain): said once above the list, not per row.
  const keychainProblem = list.find((c) => c.keychainProblem)?.keychainProblem ?? null;

  return (
    <>
      <PageHeader
        title="Connections"
        hint="Amazon Seller Central accounts and the ERPs journals post to. Secrets are kept in the OS keychain; this screen only shows whether each is set."
        actions={<Button appearance="primary" onClick={() => setEditing('new')}>Add connection</Button>}
      />
      <ErrorBar error={connections.error} title="Could not load connections" />
      {keychainProblem && (
        <MessageBar intent="warning" layout="multiline" data-testid="keychain-problem">
          <MessageBarBody>
            <Text weight="semibold" block>The OS keychain cannot be reached: secrets show as they were entered here, not as the keychain holds them</Text>
            <Text block>{keychainProblem}</Text>
          </MessageBarBody>
        </MessageBar>
      )}
      {connections.isLoading && <Spinner size="tiny" label="Loading connections" />}
      {!connections.isLoading && list.length === 0 && !connections.error && (
        <div className={s.empty}>
          <Text weight="semibold" block>No connections yet</Text>
          <Text block>Add your Amazon Seller Central account and the ERP you post to. You will need the LWA client id, client secret and refresh token from Seller Central, and your ERP's API credentials.</Text>
        </div>
      )}
      {list.length > 0 && (
        <Table size="small" className={s.table} aria-label="Connections">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '18%' }}>Name</TableHeaderCell>
              <TableHeaderCell style={{ width: '36%' }}>System</TableHeaderCell>
              <TableHeaderCell>Secrets</TableHeaderCell>
              <TableHeaderCell style={{ width: 220 }}>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.map((c) => (
              <TableRow key={c.id} data-testid={`connection-${c.name}`}>
                <TableCell>{c.name}</TableCell>
                <TableCell><div className={s.system}><span>{kindDescriptions[c.kind].label}</span>{notificationBadge(c, s.note)}</div></TableCell>
                <TableCell><div className={s.secrets}>{secretBadges(c, s.secretBadge)}</div></TableCell>
                <TableCell>
                  <div className={s.actions}>
                    <Button size="small" onClick={() => { setTested(c); test.mutate(c.id); }} disabled={test.isPending}>Test</Button>
                    <Button size="small" onClick={() => setEditing(c)}>Edit</Button>
                    <Button size="small" appearance="subtle" onClick={() => setRemoving(c)}>Remove</Button>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {tested && (
        <div className={s.result} aria-live="polite">
          {test.isPending && (
            <>
              <Text size={200}>{test.progress?.phase ?? `Testing ${tested.name}…`}</Text>
              <ProgressBar value={test.progress?.total ? test.progress.done / test.progress.total : undefined} />
              <Button size="small" appearance="subtle" onClick={() => void test.cancel()}>Cancel</Button>
            </>
          )}
          {test.data && (
            <MessageBar intent={test.data.status === 'ok' ? 'success' : test.data.status === 'failed' ? 'error' : 'warning'} layout="multiline">
              <MessageBarBody>
                <strong>{tested.name}: </strong>
                {test.data.message}
                {test.data.details.length > 0 && <ul>{test.data.details.map((d) => <li key={d}>{d}</li>)}</ul>}
              </MessageBarBody>
            </MessageBar>
          )}
          <ErrorBar error={test.error} title={`Testing ${tested.name} failed`} />
        </div>
      )}
      <ArchivedConnections />
      {editing && <ConnectionForm existing={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      {removing && (
        <Dialog open onOpenChange={(_, d) => !d.open && setRemoving(null)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Remove {removing.name}?</DialogTitle>
              <DialogContent>
                <Text block>
                  {removing.name} will be archived: its mapping rules, jobs and run history are kept and it can be restored from Archived below.
                  Until then its jobs do not run and nothing posts through it.
                </Text>
                <Text block>Its secrets are removed from the OS keychain; enter them again after restoring. Settlements and audit records stay in the workspace.</Text>
                <ErrorBar error={remove.error} />
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setRemoving(null)}>Keep it</Button>
                <Button appearance="primary" onClick={() => remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}>Remove</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </>
  );
}
