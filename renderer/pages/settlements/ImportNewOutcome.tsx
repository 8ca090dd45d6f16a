import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { CallOutput } from '../../../core/api/contract';

type ImportNewResult = CallOutput<'settlements.importNew'>;

/**
 * What "Import new settlements" did, with each connection that failed in its own error bar: settlements
 * imported from one account are good news even when another account could not be reached.
 */
export function ImportNewOutcome({ result: r }: { result: ImportNewResult }) {
  const failed = r.connections.filter((c) => c.status === 'failed' || c.status === 'busy');
  const intent = r.cancelled || r.incompleteCopies + r.unreadable > 0 ? 'warning' : r.imported + r.newVersions > 0 ? 'success' : 'info';
  return (
    <>
      {r.done && (
        <MessageBar intent={intent} data-testid="import-new-summary" data-intent={intent}>
          <MessageBarBody>{r.done}</MessageBarBody>
        </MessageBar>
      )}
      {failed.map((c) => (
        <MessageBar key={c.connectionId} intent={c.status === 'busy' ? 'warning' : 'error'} layout="multiline" data-testid="import-new-failure" data-connection={c.connectionId}>
          <MessageBarBody>
            <MessageBarTitle>{c.status === 'busy' ? `${c.name} is busy` : `Nothing more was imported from ${c.name}`}</MessageBarTitle>
            {c.message ?? 'The import from this connection stopped.'}
          </MessageBarBody>
        </MessageBar>
      ))}
    </>
  );
}
