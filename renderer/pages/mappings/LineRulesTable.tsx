import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { ErrorBar } from '../../components/ErrorBar';
import { useLineRules } from './mapping-hooks';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  head: { display: 'block', marginTop: '20px', marginBottom: '4px' },
  dim: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  none: { color: tokens.colorPaletteRedForeground1 },
});

/**
 * Every combination the current settlements hold and the rule its lines post through: a fee rule when one
 * names it, else its category's rule. A reader sees at once which lines a category rule catches.
 */
export function LineRulesTable({ connectionId }: { connectionId: string }) {
  const s = useStyles();
  const q = useLineRules(connectionId);
  if (!q.data) return <ErrorBar error={q.error} />;
  return (
    <>
      <Text weight="semibold" className={s.head}>Which rule each line used</Text>
      {q.data.length === 0 ? (
        <Text className={s.dim}>No settlement imported yet: once one is, each of its line types shows here with the rule it posts through.</Text>
      ) : (
        <Table size="extra-small" aria-label="Which rule each line used" style={{ tableLayout: 'auto', width: 'auto', minWidth: '720px' }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Transaction type</TableHeaderCell>
              <TableHeaderCell>Amount type</TableHeaderCell>
              <TableHeaderCell>Amount description</TableHeaderCell>
              <TableHeaderCell>Category</TableHeaderCell>
              <TableHeaderCell className={s.num}>Lines</TableHeaderCell>
              <TableHeaderCell>Rule used</TableHeaderCell>
              <TableHeaderCell>Account</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {q.data.map((r) => (
              <TableRow key={`${r.transactionType}|${r.amountType}|${r.amountDescription}`} data-testid={`line-rule-${r.amountDescription}`}>
                <TableCell className={s.mono}>{r.transactionType}</TableCell>
                <TableCell className={s.mono}>{r.amountType}</TableCell>
                <TableCell className={s.mono}>{r.amountDescription}</TableCell>
                <TableCell className={s.mono}>{r.category ?? 'unknown'}</TableCell>
                <TableCell className={s.num}>{r.count}</TableCell>
                <TableCell className={r.rule ? undefined : s.none}>{r.rule ?? 'none: blocks posting'}</TableCell>
                <TableCell className={s.mono}>{r.target ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
