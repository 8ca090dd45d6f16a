import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { CallError } from '../api/client';

/** Shows a failed call as the core described it: what happened and, for input, which field. */
export function ErrorBar({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const issues = error instanceof CallError ? error.error.issues ?? [] : [];
  const message = error instanceof Error ? error.message : String(error);
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
        {issues.length > 0 && (
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {issues.map((i) => (
              <li key={i.path + i.message}>
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
