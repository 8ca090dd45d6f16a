import { makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useAppInfo } from '../api/hooks';
import { ErrorBar } from '../components/ErrorBar';
import { PageHeader } from '../components/PageHeader';
import { AmountDisplayControls } from './settings/AmountDisplayControls';
import { ReviewControls } from './settings/ReviewControls';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: '180px 1fr', rowGap: '6px', columnGap: '16px', fontSize: tokens.fontSizeBase300 },
  key: { color: tokens.colorNeutralForeground3 },
  value: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

export function SettingsPage() {
  const s = useStyles();
  const info = useAppInfo();
  return (
    <>
      <PageHeader title="Settings" hint="Where this workspace keeps its data. Secrets are in the OS keychain, never in the workspace." />
      {info.isLoading && <Spinner size="tiny" label="Loading" />}
      <ErrorBar error={info.error} />
      {info.data && (
        <div className={s.grid}>
          <span className={s.key}>Version</span>
          <span className={s.value}>{info.data.version}</span>
          <span className={s.key}>Workspace folder</span>
          <span className={s.value}>{info.data.workspaceDir}</span>
          <span className={s.key}>Database file</span>
          <span className={s.value}>{info.data.databaseFile}</span>
          <span className={s.key}>Working as (OS user)</span>
          <span className={s.value}>{info.data.osUser}</span>
          <span className={s.key}>Keychain service</span>
          <span className={s.value}>ml-connector</span>
        </div>
      )}
      <AmountDisplayControls />
      <ReviewControls />
    </>
  );
}
