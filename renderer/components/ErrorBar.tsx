import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { CallError } from '../api/client';

/** Shows a failed call as the core described it: what happened and, for input, which field. */
export function ErrorBar({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  if (!error) return null;
  // Field paths are internal names (contentBase64, settings.lwaClientId): a person reads the messages only.
  const issues = [...new Set((error instanceof CallError ? error.error.issues ?? [] : []).map((i) => i.message))];
  const message = error instanceof Error ? error.message : String(error);
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
        {issues.length > 1 && (
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {issues.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
