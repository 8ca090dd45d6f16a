import { makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useAppInfo, useLiveInvalidation } from '../api/hooks';
import { AmountDisplayProvider } from '../components/Amount';
import { PlannedPage } from '../pages/PlannedPage';
import { pages } from './pages';
import { currentRoute, routes, type RoutePath } from './routes';
import { useSyncNotifications } from './useSyncNotifications';

const useStyles = makeStyles({
  shell: { display: 'grid', gridTemplateColumns: '208px 1fr', gridTemplateRows: '40px 1fr', height: '100vh' },
  top: {
    gridColumn: '1 / 3', display: 'flex', alignItems: 'center', gap: '16px', padding: '0 16px',
    background: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  workspace: { marginLeft: 'auto', fontSize: tokens.fontSizeBase200, opacity: 0.9 },
  nav: { borderRight: `1px solid ${tokens.colorNeutralStroke2}`, padding: '8px 4px', background: tokens.colorNeutralBackground2, overflowY: 'auto' },
  tab: { justifyContent: 'flex-start', width: '100%' },
  // Fluent centres the label over a hidden bold copy of itself; a nav list reads better flush left.
  tabContent: { justifySelf: 'start', textAlign: 'left' },
  main: { overflow: 'auto', padding: '16px 24px', background: tokens.colorNeutralBackground1 },
});

function useHashRoute(): RoutePath {
  const [route, setRoute] = useState(() => currentRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(currentRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function App() {
  const styles = useStyles();
  const route = useHashRoute();
  const info = useAppInfo();
  useLiveInvalidation();
  useSyncNotifications();
  return (
    <div className={styles.shell}>
      <header className={styles.top}>
        <span className={styles.brand}>ml-connector</span>
        <Text className={styles.workspace} title={info.data?.databaseFile}>
          {info.data ? `${info.data.demo ? 'Demo workspace' : 'Workspace'} · ${info.data.workspaceDir}` : ''}
        </Text>
      </header>
      <nav className={styles.nav} aria-label="Main">
        <TabList vertical size="medium" selectedValue={route} onTabSelect={(_, d) => (window.location.hash = `#/${String(d.value)}`)}>
          {routes.map((r) => (
            <Tab key={r.path} value={r.path} className={styles.tab} content={{ className: styles.tabContent }}>
              {r.label}
            </Tab>
          ))}
        </TabList>
      </nav>
      <main className={styles.main}>
        <AmountDisplayProvider>
          <Page route={route} />
        </AmountDisplayProvider>
      </main>
    </div>
  );
}

function Page({ route }: { route: RoutePath }) {
  const Screen = pages[route];
  return Screen ? <Screen /> : <PlannedPage route={route} />;
}
