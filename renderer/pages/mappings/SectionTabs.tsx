import {
  Button, makeStyles, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Overflow, OverflowItem, Tab, TabList,
  useIsOverflowItemVisible, useOverflowMenu,
} from '@fluentui/react-components';
import { MoreHorizontalRegular } from '@fluentui/react-icons';

export interface SectionTab<K extends string> {
  value: K;
  label: string;
  /** What the short label stands for, on hover. */
  title: string;
}

const useStyles = makeStyles({
  row: { marginTop: '4px', marginBottom: '8px', minWidth: 0 },
});

/**
 * The sections of a page as one row of tabs. They fit at 1280 px; in a narrower window the ones that do not
 * fit move into a "more" menu instead of wrapping onto a second row, and the chosen one always stays in sight.
 */
export function SectionTabs<K extends string>({ label, tabs, selected, onSelect }: {
  label: string;
  tabs: readonly SectionTab<K>[];
  selected: K;
  onSelect: (value: K) => void;
}) {
  const s = useStyles();
  return (
    <Overflow minimumVisible={2}>
      <TabList className={s.row} aria-label={label} selectedValue={selected} onTabSelect={(_, d) => onSelect(d.value as K)}>
        {tabs.map((t) => (
          <OverflowItem key={t.value} id={t.value} priority={t.value === selected ? 2 : 1}>
            <Tab value={t.value} title={t.title}>{t.label}</Tab>
          </OverflowItem>
        ))}
        <MoreSections tabs={tabs} onSelect={onSelect} />
      </TabList>
    </Overflow>
  );
}

function MoreSections<K extends string>({ tabs, onSelect }: { tabs: readonly SectionTab<K>[]; onSelect: (value: K) => void }) {
  const { ref, isOverflowing, overflowCount } = useOverflowMenu<HTMLButtonElement>();
  if (!isOverflowing) return null;
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button ref={ref} appearance="transparent" icon={<MoreHorizontalRegular />} aria-label={`${overflowCount} more sections`} />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {tabs.map((t) => <HiddenSection key={t.value} tab={t} onSelect={onSelect} />)}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/** A section in the "more" menu, listed only while its tab is out of sight. */
function HiddenSection<K extends string>({ tab, onSelect }: { tab: SectionTab<K>; onSelect: (value: K) => void }) {
  const visible = useIsOverflowItemVisible(tab.value);
  if (visible) return null;
  return <MenuItem title={tab.title} onClick={() => onSelect(tab.value)}>{tab.label}</MenuItem>;
}
