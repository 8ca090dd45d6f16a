import type { ApiEvent, CallName, Envelope } from '../../core/api';

/** What the preload exposes in Electron: one function per declared call, plus the event feed. */
export interface DesktopBridge {
  calls: Record<string, (input: unknown, callId: string) => Promise<Envelope<unknown>>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

export interface Transport {
  kind: 'desktop' | 'http';
  invoke(name: CallName, input: unknown, callId: string): Promise<Envelope<unknown>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

declare global {
  interface Window {
    mlConnector?: DesktopBridge;
  }
}

function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    kind: 'desktop',
    invoke: (name, input, callId) => {
      const call = bridge.calls[name];
      if (!call) return Promise.resolve({ ok: false, error: { code: 'unknown_call', message: `The desktop shell does not expose ${name}.` } });
      return call(input, callId);
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}

const TOKEN_KEY = 'ml-connector.token';

/** The headless host prints ?token=...; keep it for this tab only and take it out of the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(): Transport {
  const token = takeToken();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    kind: 'http',
    async invoke(name, input, callId) {
      const res = await fetch(`/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { ...headers, 'x-call-id': callId },
        body: JSON.stringify(input ?? {}),
      });
      try {
        return (await res.json()) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { code: 'internal', message: `The host answered ${res.status} without a readable body.` } };
      }
    },
    onEvent(listener) {
      // Server-Sent Events read through fetch, so the token travels in a header, not in the URL.
      const controller = new AbortController();
      const run = async () => {
        while (!controller.signal.aborted) {
          try {
            const res = await fetch('/api/events', { headers, signal: controller.signal });
            if (!res.body) return;
            const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
            let buffer = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buffer += value;
              let at;
              while ((at = buffer.indexOf('\n\n')) >= 0) {
                const frame = buffer.slice(0, at);
                buffer = buffer.slice(at + 2);
                for (const line of frame.split('\n')) {
                  if (line.startsWith('data: ')) listener(JSON.parse(line.slice(6)) as ApiEvent);
                }
              }
            }
          } catch {
            if (controller.signal.aborted) return;
          }
          await new Promise((r) => setTimeout(r, 2000));
        }
      };
      void run();
      return () => controller.abort();
    },
  };
}

export const transport: Transport = window.mlConnector ? desktopTransport(window.mlConnector) : httpTransport();
