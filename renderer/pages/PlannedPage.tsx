import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { PageHeader } from '../components/PageHeader';
import { routes, type RoutePath } from '../app/routes';

const what: Partial<Record<RoutePath, string>> = {
  settlements: 'Settlements imported from Amazon or from files, with their period, marketplace, currency, deposit and status.',
  review: 'Everything that stops a posting: unknown transaction types, unmapped SKUs and fees, totals that do not tie out.',
  mappings: 'Which ERP account and dimensions each Amazon transaction and fee type posts to; SKU to item; marketplace to customer.',
  listings: 'ERP prices and stock pushed to Amazon listings.',
};

const useStyles = makeStyles({
  empty: {
    border: `1px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium,
    padding: '24px', maxWidth: '640px', display: 'flex', flexDirection: 'column', gap: '8px',
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** A place in the navigation whose screen is not built yet: it says so and what will be here. */
export function PlannedPage({ route }: { route: RoutePath }) {
  const s = useStyles();
  const label = routes.find((r) => r.path === route)?.label ?? route;
  return (
    <>
      <PageHeader title={label} />
      <div className={s.empty}>
        <Text weight="semibold">Not available in this version yet</Text>
        <Text>{what[route]}</Text>
        <Text className={s.muted}>Meanwhile, add your Amazon and ERP connections under Connections.</Text>
      </div>
    </>
  );
}
