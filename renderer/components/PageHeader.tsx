import { makeStyles, Subtitle1, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  // Below the width title and buttons need side by side, the buttons go under the title, never past the edge.
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '12px', marginBottom: '12px', minHeight: '40px' },
  titles: { display: 'flex', flexDirection: 'column', gap: '2px', flex: '1 1 360px', minWidth: 0 },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  actions: { marginLeft: 'auto', display: 'flex', flexWrap: 'wrap', justifyContent: 'flex-end', gap: '8px', whiteSpace: 'nowrap' },
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
