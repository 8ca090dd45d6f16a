import { makeStyles, Subtitle1, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  header: { display: 'flex', alignItems: 'flex-end', gap: '12px', marginBottom: '12px', minHeight: '40px' },
  titles: { display: 'flex', flexDirection: 'column', gap: '2px' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  actions: { marginLeft: 'auto', display: 'flex', gap: '8px', flexShrink: 0, whiteSpace: 'nowrap' },
});

export function PageHeader({ title, hint, actions }: { title: string; hint?: string; actions?: ReactNode }) {
  const s = useStyles();
  return (
    <div className={s.header}>
      <div className={s.titles}>
        <Subtitle1 as="h1">{title}</Subtitle1>
        {hint && <Text className={s.hint}>{hint}</Text>}
      </div>
      {actions && <div className={s.actions}>{actions}</div>}
    </div>
  );
}
