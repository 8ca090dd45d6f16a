import { Card, CardHeader, Link, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { DateText } from '../settlements/format';
import { useFlowActivity } from './attention-hooks';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  alert: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

const go = (path: string) => () => (window.location.hash = `#/${path}`);

/** The Dashboard's line per flow: when it last ran, what it moved, what waits, and what failed (a link to those records). */
export function FlowActivityCard() {
  const s = useStyles();
  const flows = useFlowActivity();
  if (!flows.data?.length) return null;
  return (
    <Card data-testid="flow-activity">
      <CardHeader header={<Text weight="semibold">Flows</Text>} description={<Text size={200} className={s.muted}>Records each flow moved, still waiting, or held for a person under Needs attention</Text>} />
      <Table size="small" aria-label="Flows">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Flow</TableHeaderCell>
            <TableHeaderCell style={{ width: '30%' }}>Last run</TableHeaderCell>
            <TableHeaderCell className={s.num} style={{ width: '64px' }}>Moved</TableHeaderCell>
            <TableHeaderCell className={s.num} style={{ width: '64px' }}>Waiting</TableHeaderCell>
            <TableHeaderCell className={s.num} style={{ width: '64px' }}>Failed</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {flows.data.map((f) => (
            <TableRow key={f.flow} data-flow={f.flow}>
              <TableCell><Link onClick={go(`attention/${encodeURIComponent(f.flow)}`)}>{f.label}</Link></TableCell>
              <TableCell>{f.lastRun ? <Link onClick={go('jobs')} aria-label={`Last run of ${f.label}: open Jobs`}><DateText iso={f.lastRun.at} withTime /> <Text size={200} className={s.muted}>{f.lastRun.status}</Text></Link> : <Text size={200} className={s.muted}>never: add its job under Settings</Text>}</TableCell>
              <TableCell className={s.num}>
                {f.screen && f.moved > 0 ? <Link onClick={go(f.screen)} aria-label={`${f.moved} moved by ${f.label}: open its screen`}>{f.moved}</Link> : f.moved}
              </TableCell>
              <TableCell className={s.num}>{f.waiting}</TableCell>
              <TableCell className={s.num}>
                {f.failed > 0 ? <Link className={s.alert} onClick={go(`attention/${encodeURIComponent(f.flow)}`)} aria-label={`${f.failed} failed in ${f.label}: open Needs attention`}>{f.failed}</Link> : 0}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
