import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../core/host/http-host';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

let ws: ReturnType<typeof tempWorkspace>;
let host: RunningHost;
beforeEach(async () => {
  ws = tempWorkspace(new MemoryCredentials());
  host = await startHost(ws, { maxBodyBytes: 1024 * 1024 });
});
afterEach(async () => {
  await host.close();
  ws.remove();
});

const call = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${host.port}/api/settlements.importUpload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

describe('a request body over the host limit', () => {
  it('is answered 413 with what to do, not a reset connection', async () => {
    const res = await call(JSON.stringify({ fileName: 'big.tsv', contentBase64: 'A'.repeat(3 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toBe('The request is larger than 1 MB, the most this host takes in one call: import a file this large with ml-connector settlement import FILE.');
  });

  it('is answered 413 when it comes in chunks without a declared length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await call(stream);
    expect(res.status).toBe(413);
  });

  it('leaves the host serving calls of ordinary size', async () => {
    await call('x'.repeat(2 * 1024 * 1024)).catch(() => null);
    const res = await fetch(`http://127.0.0.1:${host.port}/api/app.info`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body: '{}' });
    expect(res.status).toBe(200);
  });
});
