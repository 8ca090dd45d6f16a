import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useState } from 'react';
import type { CallOutput } from '../../../core/api/contract';
import type { SettlementListItem } from '../../../core/api/calls/settlements';
import { Amount } from '../../components/Amount';
import { MakeCurrentDialog } from './SettlementVersions';

type ImportResult = CallOutput<'settlements.importUpload'>;

/** What an uploaded file did, in words, with the tie-out when it matters and the choice it leaves open. */
export function ImportOutcomeMessage({ result: r, rows, onShow }: { result: ImportResult; rows: SettlementListItem[]; onShow: (versionId: number) => void }) {
  const [choosing, setChoosing] = useState(false);
  const t = r.tieOut;
  const tie = <>lines <Amount minor={t.linesTotal} currency={t.currency} />, declared total <Amount minor={t.declaredTotal} currency={t.currency} />, difference <Amount minor={t.difference} currency={t.currency} /></>;
  const currentApproved = rows.some((x) => x.versionId === r.current.versionId && x.state === 'approved');
  const dialog = choosing && (
    <MakeCurrentDialog
      settlementId={r.settlementId}
      target={{ versionId: r.versionId, version: r.version, standing: 'superseded', tieOut: r.tieOut }}
      current={r.current}
      currentApproved={currentApproved}
      onClose={() => setChoosing(false)}
      onDone={() => onShow(r.versionId)}
    />
  );
  const makeCurrent = (
    <Button size="small" onClick={() => setChoosing(true)}>Make version {r.version} current{r.outcome === 'identical-to-superseded' ? ' again' : ''}…</Button>
  );
  switch (r.outcome) {
    case 'incomplete-copy':
      return (
        <MessageBar intent="warning" layout="multiline" data-testid="import-outcome" data-outcome={r.outcome}>
          <MessageBarBody>
            <MessageBarTitle>Kept as an incomplete copy</MessageBarTitle>
            The lines of this file do not add up to its declared total ({tie}): it looks cut short. It is kept as version {r.version} of settlement {r.settlementId},
            beside version {r.current.version}, whose lines add up and which stays current.
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => onShow(r.versionId)}>Show both versions</Button>
            {makeCurrent}
          </MessageBarActions>
          {dialog}
        </MessageBar>
      );
    case 'identical-to-superseded':
      return (
        <MessageBar intent="warning" layout="multiline" data-testid="import-outcome" data-outcome={r.outcome}>
          <MessageBarBody>
            <MessageBarTitle>Identical to superseded version {r.version}</MessageBarTitle>
            This file holds the same content as version {r.version} of settlement {r.settlementId}, which is not current (version {r.current.version} is). Nothing was imported.
            {t.tiesOut ? ` Its lines add up to its declared total.` : <> Its {tie}.</>}
          </MessageBarBody>
          <MessageBarActions>{makeCurrent}</MessageBarActions>
          {dialog}
        </MessageBar>
      );
    case 'unchanged':
      return (
        <MessageBar intent="info" data-testid="import-outcome" data-outcome={r.outcome}>
          <MessageBarBody>Settlement {r.settlementId} was already imported with the same content: nothing changed.</MessageBarBody>
        </MessageBar>
      );
    default:
      return (
        <MessageBar intent={t.tiesOut ? 'success' : 'warning'} layout="multiline" data-testid="import-outcome" data-outcome={r.outcome}>
          <MessageBarBody>
            {r.outcome === 'new'
              ? `Imported settlement ${r.settlementId}: ${r.lineCount.toLocaleString()} lines.`
              : `Settlement ${r.settlementId} was re-issued with different content: imported as version ${r.version}; the earlier version is kept and marked superseded.`}
            {!t.tiesOut && <> Its lines do not add up to the declared total ({tie}): the difference blocks approval until it is explained.</>}
          </MessageBarBody>
        </MessageBar>
      );
  }
}
