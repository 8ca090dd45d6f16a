import { Button, makeStyles, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { Fragment, useState } from 'react';
import { CATEGORY_NAMES } from '../../../core/api/calls/mappings';
import { Amount } from '../../components/Amount';
import { ErrorBar } from '../../components/ErrorBar';
import { useSaveMapping, useSuggestions } from './mapping-hooks';

const useStyles = makeStyles({
  wrapMono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, maxWidth: '180px' },
  category: { maxWidth: '140px' },
  suggestion: { minWidth: '200px', maxWidth: '320px', paddingTop: '6px', paddingBottom: '6px' },
  reason: { display: 'block', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  head: { display: 'block', marginTop: '20px', marginBottom: '4px' },
  dim: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  nowrap: { whiteSpace: 'nowrap' },
});

/** Lets a long CamelCase or hyphenated type name wrap between its words, never inside one. */
function breakable(text: string) {
  const parts = text.split(/(?<=[a-z])(?=[A-Z])|(?<=-)/);
  return parts.map((p, i) => <Fragment key={i}>{i > 0 && <wbr />}{p}</Fragment>);
}

/** Unmapped fee types with a suggested account and why. Nothing is saved until a person clicks Use. */
export function SuggestionsTable({ connectionId }: { connectionId: string }) {
  const s = useStyles();
  const [catalogue, setCatalogue] = useState(false);
  const q = useSuggestions(connectionId, catalogue);
  const save = useSaveMapping(connectionId);
  if (!q.data) return <ErrorBar error={q.error} />;
  const byType = new Map(q.data.suggestions.map((x) => [`${x.type.transactionType}|${x.type.amountType}|${x.type.amountDescription}`, x]));
  const rows = q.data.unmapped.map((t) => ({ t, sug: byType.get(`${t.transactionType}|${t.amountType}|${t.amountDescription}`) }));
  // What this workspace's settlements hold comes first, the most lines first; then the suggestions' order.
  rows.sort((a, b) => (b.t.seen?.lineCount ?? -1) - (a.t.seen?.lineCount ?? -1) || (b.sug?.score ?? -1) - (a.sug?.score ?? -1));
  return (
    <>
      <Text weight="semibold" className={s.head}>
        Unmapped fee types ({rows.length}) — suggestions are not applied until you confirm them
      </Text>
      <Switch
        checked={catalogue}
        onChange={(_, d) => setCatalogue(d.checked)}
        label={catalogue ? 'Showing every fee type Amazon reports (the full catalogue)' : 'Showing the fee types your settlements hold; switch on for the full catalogue'}
      />
      <ErrorBar error={save.error} title="Not saved" />
      {rows.length === 0 && <Text className={s.dim}>{catalogue ? 'Every known fee type has a rule.' : 'Every fee type in your settlements has a rule.'}</Text>}
      {rows.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
        <Table size="extra-small" aria-label="Unmapped fee types" style={{ tableLayout: 'auto', width: '100%' }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Transaction type</TableHeaderCell>
              <TableHeaderCell>Amount type</TableHeaderCell>
              <TableHeaderCell>Amount description</TableHeaderCell>
              <TableHeaderCell>Category</TableHeaderCell>
              <TableHeaderCell className={s.num}>Lines</TableHeaderCell>
              <TableHeaderCell className={s.num}>Amount</TableHeaderCell>
              <TableHeaderCell>Suggested account and why</TableHeaderCell>
              <TableHeaderCell />
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map(({ t, sug }) => (
              <TableRow key={`${t.transactionType}|${t.amountType}|${t.amountDescription}`} data-testid={`unmapped-${t.amountType}/${t.amountDescription}`}>
                <TableCell className={s.wrapMono}>{t.transactionType === '*' ? 'any' : t.transactionType}</TableCell>
                <TableCell className={s.wrapMono}>{breakable(t.amountType)}</TableCell>
                <TableCell className={s.wrapMono}>{breakable(t.amountDescription)}</TableCell>
                <TableCell className={s.category} title={t.category ?? undefined}>{t.category ? CATEGORY_NAMES[t.category] ?? t.category : 'unknown'}</TableCell>
                <TableCell className={s.num}>{t.seen ? t.seen.lineCount.toLocaleString() : <span className={s.dim} title="Not in your settlements: from the catalogue">–</span>}</TableCell>
                <TableCell className={`${s.num} ${s.nowrap}`}>{t.seen?.amounts.map((a) => <div key={a.currency}><Amount minor={a.amount} currency={a.currency} /></div>)}</TableCell>
                <TableCell className={s.suggestion} data-testid="suggested-account">
                  {sug ? (
                    <>
                      <span className={s.nowrap}>{`${sug.account} · ${sug.accountName}`}</span>
                      <span className={s.reason}>{`Score ${sug.score.toFixed(2)}. ${sug.reason}`}</span>
                    </>
                  ) : <span className={s.dim}>no suggestion</span>}
                </TableCell>
                <TableCell>
                  {sug && (
                    <Button
                      size="small"
                      disabled={save.isPending}
                      aria-label={`Use ${sug.account} for ${t.amountDescription}`}
                      onClick={() => save.mutate({ entry: { kind: 'fee', transactionType: t.transactionType, amountType: t.amountType, amountDescription: t.amountDescription, subject: '', target: sug.account, dimensions: {} }, source: 'suggestion' })}
                    >
                      Use
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        </div>
      )}
    </>
  );
}
