import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { onEvent } from '../api/client';

/**
 * While a change of the user's waits for a settlement import to finish (the core's `waiting` events), says so
 * at the top of the page instead of an error: the change is saved as soon as the import has finished.
 */
export function WaitingBar() {
  const [waiting, setWaiting] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(
    () =>
      onEvent((e) => {
        if (e.type !== 'waiting') return;
        setWaiting((before) => {
          const next = new Map(before);
          if (e.message) next.set(e.callId, e.message);
          else next.delete(e.callId);
          return next;
        });
      }),
    [],
  );
  const message = [...waiting.values()][0];
  if (!message) return null;
  return (
    <MessageBar intent="info" layout="multiline" role="status" style={{ marginBottom: 12 }}>
      <MessageBarBody>
        <MessageBarTitle>
          <Spinner size="extra-tiny" style={{ display: 'inline-flex', marginRight: 6, verticalAlign: 'middle' }} />
          {message}
        </MessageBarTitle>
        {waiting.size === 1 ? 'Your change is saved as soon as it has finished.' : `${waiting.size} changes are saved as soon as it has finished.`}
      </MessageBarBody>
    </MessageBar>
  );
}
