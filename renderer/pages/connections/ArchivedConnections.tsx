import { Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { kindDescriptions } from '../../../core/api';
import { useArchivedConnections, useRestoreConnection } from '../../api/hooks';
import { ErrorBar } from '../../components/ErrorBar';
import { localDateTime } from '../../components/format';

const useStyles = makeStyles({
  section: { marginTop: '28px', maxWidth: '1200px' },
  hint: { color: tokens.colorNeutralForeground3, marginBottom: '8px' },
});

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Removed connections: kept with their mapping rules, jobs and run history, each one click from coming back. */
export function ArchivedConnections() {
  const s = useStyles();
  const archived = useArchivedConnections();
  const restore = useRestoreConnection();
  const list = archived.data ?? [];
  if (list.length === 0 && !archived.error) return null;
  return (
    <section className={s.section} aria-labelledby="archived-connections">
      <Text id="archived-connections" as="h2" size={400} weight="semibold" block>Archived</Text>
      <Text size={200} className={s.hint} block>
        Removed connections keep their mapping rules, jobs and run history. Their jobs do not run and nothing posts through them until restored;
        their secrets must be entered again after a restore.
      </Text>
      <ErrorBar error={archived.error ?? restore.error} title="Archived connections" />
      {list.length > 0 && (
        <Table size="small" aria-label="Archived connections">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '18%' }}>Name</TableHeaderCell>
              <TableHeaderCell style={{ width: '22%' }}>System</TableHeaderCell>
              <TableHeaderCell>Kept</TableHeaderCell>
              <TableHeaderCell style={{ width: '24%' }}>Archived</TableHeaderCell>
              <TableHeaderCell style={{ width: 120 }}>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.map((c) => {
              const at = localDateTime(c.archivedAt);
              return (
                <TableRow key={c.id} data-testid={`archived-connection-${c.name}`}>
                  <TableCell>{c.name}</TableCell>
                  <TableCell>{kindDescriptions[c.kind].label}</TableCell>
                  <TableCell>{plural(c.rules, 'mapping rule')}, {plural(c.jobs, 'job')}</TableCell>
                  <TableCell><span title={at.title}>{at.text}</span>{c.archivedBy ? ` by ${c.archivedBy}` : ''}</TableCell>
                  <TableCell>
                    <Button size="small" onClick={() => restore.mutate(c.id)} disabled={restore.isPending}>Restore</Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
