import { Badge, Button, Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { kindDescriptions } from '../../core/api';
import { useConnections } from '../api/hooks';
import { ErrorBar } from '../components/ErrorBar';
import { PageHeader } from '../components/PageHeader';

const useStyles = makeStyles({
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: '12px', maxWidth: '1100px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function DashboardPage() {
  const s = useStyles();
  const connections = useConnections();
  const list = connections.data ?? [];
  const amazon = list.filter((c) => c.kind === 'amazon');
  const erps = list.filter((c) => c.kind !== 'amazon');
  return (
    <>
      <PageHeader title="Dashboard" hint="What needs your attention in this workspace." />
      <ErrorBar error={connections.error} />
      <div className={s.cards}>
        <Card>
          <CardHeader header={<Text weight="semibold">Amazon connections</Text>} action={<Badge appearance="tint">{amazon.length}</Badge>} />
          <Text className={s.muted}>
            {amazon.length ? amazon.map((c) => c.name).join(', ') : 'None yet. Add your Seller Central account to import settlements.'}
          </Text>
        </Card>
        <Card>
          <CardHeader header={<Text weight="semibold">ERP connections</Text>} action={<Badge appearance="tint">{erps.length}</Badge>} />
          <Text className={s.muted}>
            {erps.length ? erps.map((c) => `${c.name} (${kindDescriptions[c.kind].label})`).join(', ') : 'None yet. Add the ERP the journals post to.'}
          </Text>
        </Card>
      </div>
      {list.length === 0 && !connections.isLoading && (
        <p>
          <Button appearance="primary" onClick={() => (window.location.hash = '#/connections')}>
            Add a connection
          </Button>
        </p>
      )}
    </>
  );
}
