import { Button, makeStyles, Subtitle2, Switch, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../api/client';
import { ErrorBar } from '../../components/ErrorBar';
import { notificationsWanted, setNotificationsWanted } from '../../app/useSyncNotifications';

const useStyles = makeStyles({
  section: { marginTop: '28px', display: 'flex', flexDirection: 'column', gap: '8px' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** Notifications (any host), and the tray icon and start at login (the desktop app only). */
export function DesktopSection() {
  const s = useStyles();
  const qc = useQueryClient();
  const desktop = useQuery({ queryKey: ['app', 'desktop'], queryFn: () => call('app.desktop', {}) });
  const set = useMutation({
    mutationFn: (change: { trayIcon?: boolean; startAtLogin?: boolean }) => call('app.setDesktop', change),
    onSuccess: (v) => qc.setQueryData(['app', 'desktop'], v),
  });
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  const [wanted, setWanted] = useState(notificationsWanted());
  return (
    <section className={s.section} aria-label="Desktop">
      <Subtitle2 as="h2">Notifications and desktop</Subtitle2>
      <Switch
        checked={wanted && permission === 'granted'}
        disabled={!supported || permission === 'denied'}
        label="Tell me when a sync run fails or settlements wait for review"
        onChange={(_, d) => {
          setNotificationsWanted(d.checked);
          setWanted(d.checked);
          if (d.checked && permission !== 'granted') void Notification.requestPermission().then(setPermission);
        }}
      />
      {permission === 'denied' && <Text className={s.hint}>{supported ? 'Notifications are blocked for this app; allow them in the browser or OS settings.' : 'This browser cannot show notifications.'}</Text>}
      {permission === 'default' && wanted && <Button size="small" style={{ alignSelf: 'flex-start' }} onClick={() => void Notification.requestPermission().then(setPermission)}>Allow notifications</Button>}
      {desktop.data?.available ? (
        <>
          <Switch
            checked={desktop.data.trayIcon}
            disabled={set.isPending}
            label="Keep running in the system tray when the window closes, so scheduled jobs go on"
            onChange={(_, d) => set.mutate({ trayIcon: d.checked })}
          />
          <Switch
            checked={desktop.data.startAtLogin}
            disabled={set.isPending || !desktop.data.startAtLoginSupported}
            label={`Start ml-connector when I log in${desktop.data.trayIcon ? ' (in the tray)' : ''}`}
            onChange={(_, d) => set.mutate({ startAtLogin: d.checked })}
          />
          {!desktop.data.startAtLoginSupported && (
            <Text className={s.hint}>This system starts programs at login through its own settings (Startup Applications): add ml-connector there.</Text>
          )}
        </>
      ) : (
        desktop.data && <Text className={s.hint}>This is the headless host: jobs run while it serves. The desktop app can also live in the tray and start when you log in.</Text>
      )}
      <ErrorBar error={desktop.error ?? set.error} />
    </section>
  );
}
