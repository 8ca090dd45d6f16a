import {
  Badge, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import type { AccountTotalView, SettlementReportView } from '../../../core/api/calls/reports';
import type { LedgerNamesView } from '../../../core/api/calls/ledger-names';
import { localDateTime } from '../../components/format';
import { AccountName, dimensionsText, dimensionsTitle } from '../../components/LedgerNames';
import { StatusBadge } from '../review/SettlementApprovals';
import { Amount } from '../../components/Amount';
import { DateText } from '../../components/DateText';
import { McfFeesTable } from './McfFeesTable';

export const useReportStyles = makeStyles({
  section: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusLarge, padding: '12px 16px', marginBottom: '16px', background: tokens.colorNeutralBackground1 },
  title: { display: 'flex', gap: '12px', alignItems: 'baseline', flexWrap: 'wrap', marginBottom: '8px' },
  heading: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300, margin: '12px 0 4px' },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(300px, 2fr) 3fr', gap: '24px', alignItems: 'start' },
  numCell: { textAlign: 'right', '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' }, '& .fui-TableCellLayout': { justifyContent: 'flex-end' } },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  muted: { color: tokens.colorNeutralForeground3 },
  nowrap: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  unmapped: { color: tokens.colorPaletteRedForeground1, fontStyle: 'italic' },
  strong: { fontWeight: tokens.fontWeightSemibold },
  none: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** Totals by account: debit, credit and net, right-aligned in the currency's decimals; a total row per currency. */
export function AccountTotalsTable({ accounts, names, label, withCurrency = false }: { accounts: AccountTotalView[]; names: LedgerNamesView; label: string; withCurrency?: boolean }) {
  const s = useReportStyles();
  const currencies = [...new Set(accounts.map((a) => a.currency))];
  return (
    <Table size="extra-small" aria-label={label}>
      <TableHeader>
        <TableRow>
          {withCurrency && <TableHeaderCell style={{ width: '8%' }}>Currency</TableHeaderCell>}
          <TableHeaderCell style={{ width: '28%' }}>Account</TableHeaderCell>
          <TableHeaderCell>Dimensions</TableHeaderCell>
          <TableHeaderCell style={{ width: '13%' }} className={s.numCell}>Debit</TableHeaderCell>
          <TableHeaderCell style={{ width: '13%' }} className={s.numCell}>Credit</TableHeaderCell>
          <TableHeaderCell style={{ width: '13%' }} className={s.numCell}>Net</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {accounts.map((a) => (
          <TableRow key={`${a.currency}|${a.account}|${JSON.stringify(a.dimensions)}`} data-account={a.account}>
            {withCurrency && <TableCell>{a.currency}</TableCell>}
            <TableCell className={s.nowrap} title={a.account ? `${a.account} ${names.accounts[a.account] ?? ''}` : undefined}><AccountName code={a.account || null} names={names} /></TableCell>
            <TableCell className={`${s.muted} ${s.nowrap}`} title={dimensionsTitle(a.dimensions, names)}>{dimensionsText(a.dimensions, names) || '—'}</TableCell>
            <TableCell className={s.numCell}><Amount minor={a.debit} currency={a.currency} blankZero /></TableCell>
            <TableCell className={s.numCell}><Amount minor={a.credit} currency={a.currency} blankZero /></TableCell>
            <TableCell className={s.numCell}><Amount minor={a.debit - a.credit} currency={a.currency} /></TableCell>
          </TableRow>
        ))}
        {currencies.map((c) => {
          const of = accounts.filter((a) => a.currency === c);
          const debit = of.reduce((x, a) => x + a.debit, 0);
          const credit = of.reduce((x, a) => x + a.credit, 0);
          return (
            <TableRow key={`total-${c}`} className={s.strong} data-account="total">
              {withCurrency && <TableCell>{c}</TableCell>}
              <TableCell>Total</TableCell>
              <TableCell />
              <TableCell className={s.numCell}><Amount minor={debit} currency={c} /></TableCell>
              <TableCell className={s.numCell}><Amount minor={credit} currency={c} /></TableCell>
              <TableCell className={s.numCell}><Amount minor={debit - credit} currency={c} /></TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function At({ iso }: { iso: string }) {
  const { text, title } = localDateTime(iso);
  return <span title={title}>{text}</span>;
}

/** The distinct conversions of the settlement's documents (one per rate; periods in different months may differ). */
function conversions(r: SettlementReportView): Array<NonNullable<SettlementReportView['documents'][number]['conversion']>> {
  const seen = new Map<string, NonNullable<SettlementReportView['documents'][number]['conversion']>>();
  for (const d of r.documents) if (d.conversion) seen.set(`${d.conversion.currency}|${d.conversion.rate}|${d.conversion.rateStartingDate}`, d.conversion);
  return [...seen.values()];
}

/** One settlement's reconciliation: tie-out, approval, totals by account, ERP documents, decisions, open items. */
export function SettlementReportView({ r }: { r: SettlementReportView }) {
  const s = useReportStyles();
  const t = r.tieOut;
  const c = r.currency;
  const tie: Array<[string, number, boolean?]> = [
    ['Declared total', t.declaredTotal],
    ['Sum of imported lines', t.importedLinesTotal],
    [`Excluded lines (${t.excludedLines})`, t.excludedAmount],
    ['Sum of lines in the journal', t.linesTotal],
    ['Difference (lines − declared)', t.difference],
    ['Accepted variance', t.acceptedVariance],
    ['Deposit to clearing', t.deposit, true],
  ];
  return (
    <section className={s.section} aria-label={`Settlement ${r.settlementId}`} data-settlement={r.settlementId}>
      <div className={s.title}>
        <Text size={500} weight="semibold">Settlement {r.settlementId}{r.version > 1 ? ` v${r.version}` : ''}</Text>
        <Text>{r.marketplace ?? 'marketplace not named'} · {c}</Text>
        <Text><DateText iso={r.startDate} /> – <DateText iso={r.endDate} /></Text>
        <Text className={s.muted}>period {r.periods.join(', ') || '—'}</Text>
        <StatusBadge status={r.status} />
        {!r.current && <Badge color="subtle">superseded version</Badge>}
      </div>
      <div className={s.grid}>
        <div>
          <div className={s.heading}>Deposit tie-out</div>
          <Table size="extra-small" aria-label="Deposit tie-out">
            <TableBody>
              {tie.map(([label, minor, strong]) => (
                <TableRow key={label} className={strong ? s.strong : undefined}>
                  <TableCell>{label}{strong && r.depositDate ? <span className={s.muted}> · <DateText iso={r.depositDate} /></span> : null}</TableCell>
                  <TableCell className={s.numCell} style={{ width: '9em' }}><Amount minor={minor} currency={c} /></TableCell>
                </TableRow>
              ))}
              <TableRow>
                <TableCell>Tied out</TableCell>
                <TableCell className={s.numCell} data-testid="tied-out">
                  {t.tiedOut ? <Badge color="success" appearance="tint">yes</Badge> : <Badge color="danger" appearance="tint">no</Badge>}
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
          <div className={s.heading}>Approval</div>
          <Text data-testid="report-approval">
            {r.approval ? <>Approved by <b>{r.approval.approvedBy}</b> on <At iso={r.approval.approvedAt} />{r.approval.note ? `: ${r.approval.note}` : ''}</> : 'Not approved.'}
          </Text>
        </div>
        <div>
          <div className={s.heading}>Journal totals by account</div>
          {conversions(r).map((v) => (
            <Text key={`${v.currency}|${v.rate}|${v.rateStartingDate}`} block size={200} className={s.muted} data-testid="report-conversion">
              In {v.currency}, {r.connection?.name ?? 'the ERP'}'s currency: converted from {v.from} at 1 {v.from} = {v.rate} {v.currency}, the ERP's rate starting{' '}
              <DateText iso={v.rateStartingDate} />. The tie-out is in {v.from}.
            </Text>
          ))}
          <AccountTotalsTable accounts={r.accounts} names={r.names} label={`Journal totals by account of ${r.settlementId}`} />
        </div>
      </div>

      <div className={s.heading}>ERP documents</div>
      {r.documents.length ? (
        <Table size="extra-small" aria-label={`ERP documents of ${r.settlementId}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '9%' }}>Period</TableHeaderCell>
              <TableHeaderCell style={{ width: '12%' }}>Posting date</TableHeaderCell>
              <TableHeaderCell style={{ width: '18%' }}>Document no.</TableHeaderCell>
              <TableHeaderCell style={{ width: '18%' }}>ERP document no.</TableHeaderCell>
              <TableHeaderCell style={{ width: '11%' }}>State</TableHeaderCell>
              <TableHeaderCell className={s.numCell}>Debit</TableHeaderCell>
              <TableHeaderCell className={s.numCell}>Credit</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {r.documents.map((d) => (
              <TableRow key={d.naturalKey} data-key={d.naturalKey}>
                <TableCell>{d.period}</TableCell>
                <TableCell><DateText iso={d.postingDate} /></TableCell>
                <TableCell className={s.mono} title={d.naturalKey}>{d.documentNumber}</TableCell>
                <TableCell className={s.mono} data-testid="erp-document-number">{d.erpDocumentNumber ?? '—'}</TableCell>
                <TableCell>{d.state === 'planned' ? 'not posted' : d.state}</TableCell>
                <TableCell className={s.numCell}><Amount minor={d.totalDebit} currency={d.currency} /></TableCell>
                <TableCell className={s.numCell}><Amount minor={d.totalCredit} currency={d.currency} /></TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : <Text className={s.none}>No journal document: nothing to post.</Text>}

      <div className={s.heading}>Variances accepted and lines excluded</div>
      {r.variances.length + r.exclusions.length ? (
        <Table size="extra-small" aria-label={`Decisions of ${r.settlementId}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '16%' }}>Decision</TableHeaderCell>
              <TableHeaderCell style={{ width: '18%' }}>Account</TableHeaderCell>
              <TableHeaderCell style={{ width: '13%' }} className={s.numCell}>Amount</TableHeaderCell>
              <TableHeaderCell style={{ width: '11%' }}>By</TableHeaderCell>
              <TableHeaderCell style={{ width: '14%' }}>When</TableHeaderCell>
              <TableHeaderCell>Reason</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {r.variances.map((v, i) => (
              <TableRow key={`v${i}`}>
                <TableCell>Variance accepted</TableCell>
                <TableCell className={s.nowrap}><AccountName code={v.account} names={r.names} /></TableCell>
                <TableCell className={s.numCell}><Amount minor={v.amount} currency={c} /></TableCell>
                <TableCell>{v.acceptedBy}</TableCell>
                <TableCell><At iso={v.acceptedAt} /></TableCell>
                <TableCell>{v.reason}</TableCell>
              </TableRow>
            ))}
            {r.exclusions.map((x, i) => (
              <TableRow key={`x${i}`}>
                <TableCell>{x.lineCount} {x.lineCount === 1 ? 'line' : 'lines'} excluded</TableCell>
                <TableCell />
                <TableCell className={s.numCell}><Amount minor={x.amount} currency={c} /></TableCell>
                <TableCell>{x.excludedBy}</TableCell>
                <TableCell><At iso={x.excludedAt} /></TableCell>
                <TableCell>{x.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : <Text className={s.none}>None.</Text>}

      <McfFeesTable r={r} />

      <div className={s.heading}>Open review items ({r.openItems.length})</div>
      {r.openItems.length ? (
        <Table size="extra-small" aria-label={`Open review items of ${r.settlementId}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '11%' }}>Severity</TableHeaderCell>
              <TableHeaderCell>Item</TableHeaderCell>
              <TableHeaderCell style={{ width: '15%' }} className={s.numCell}>Amount</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {r.openItems.map((i) => (
              <TableRow key={i.id}>
                <TableCell><Badge appearance="tint" color={i.severity === 'blocking' ? 'danger' : 'warning'}>{i.severity}</Badge></TableCell>
                <TableCell>{i.title}</TableCell>
                <TableCell className={s.numCell}>{i.amount !== null ? <Amount minor={i.amount} currency={i.currency ?? c} /> : null}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : <Text className={s.none}>None: nothing stands in the way.</Text>}
    </section>
  );
}
