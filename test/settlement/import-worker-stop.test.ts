import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importInWorker } from '../../core/settlement/import-in-worker';
import { tempDir } from '../support/temp-workspace';

const dir = tempDir();
afterAll(() => dir.remove());

describe('a cancelled import worker that does not stop by itself', () => {
  it('is stopped, and the import rejects as cancelled within a second, once the thread is gone', async () => {
    // A worker stuck in one long step: it never looks at the cancel flag again.
    const stuck = join(dir.dir, 'stuck-worker.cjs');
    writeFileSync(stuck, 'for (;;) {}\n');
    const controller = new AbortController();
    const pending = importInWorker(new Uint8Array(16), { workerFile: stuck, databaseFile: join(dir.dir, 'ws.sqlite'), fileName: 'x.txt', actor: 'test', signal: controller.signal });
    const outcome = pending.then(() => 'resolved', (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    const cancelledAt = performance.now();
    controller.abort();
    const err = await outcome;
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
  });
});
