import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importInWorker } from '../../core/settlement/import-in-worker';
import { tempDir } from '../support/temp-workspace';

const dir = tempDir();
afterAll(() => dir.remove());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const beats = (file: string) => { try { return Number(readFileSync(file, 'utf8')); } catch { return 0; } };

describe('a cancelled import worker that does not stop by itself', () => {
  it('is stopped, and the import rejects as cancelled once the thread is gone', async () => {
    // A worker stuck in one long step: it never looks at the cancel flag again, and counts its turns in a file
    // while its thread runs.
    const stuck = join(dir.dir, 'stuck-worker.cjs');
    const heartbeat = join(dir.dir, 'heartbeat');
    writeFileSync(stuck, `const { writeFileSync } = require('node:fs');\nfor (let n = 1; ; n++) writeFileSync(${JSON.stringify(heartbeat)}, String(n));\n`);
    const controller = new AbortController();
    const pending = importInWorker(new Uint8Array(16), { workerFile: stuck, databaseFile: join(dir.dir, 'ws.sqlite'), fileName: 'x.txt', actor: 'test', signal: controller.signal });
    const outcome = pending.then(() => 'resolved', (e: unknown) => e);
    while (beats(heartbeat) === 0) await pause(5);
    controller.abort();
    const err = await outcome;
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
    // Settled only once the thread is gone: it counts no further.
    const last = beats(heartbeat);
    await pause(100);
    expect(beats(heartbeat)).toBe(last);
  });
});
