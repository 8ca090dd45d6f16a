import { expect } from 'vitest';
import { clockStartingAt } from '../../core/clock/clock';
import { createDispatcher } from '../../core/api/handlers';
import { startDemo } from '../../core/demo/demo-workspace';
import { openWorkspace } from '../../core/workspace/workspace';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempDir } from './temp-workspace';

/**
 * Mid-June, as the e2e specs pin it: the demo's settlements (end = now − 3 days, 14 days long) then lie
 * inside one month whatever day the suite runs.
 */
export const DEMO_CLOCK_START = Date.parse('2026-06-20T12:00:00Z');

/** A demo workspace with its emulators and starter mappings, on a pinned clock; each step undone through `cleanups`. */
export async function startedDemo(cleanups: (() => Promise<void> | void)[], clockStart = DEMO_CLOCK_START) {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials(), demo: true, clock: clockStartingAt(clockStart) });
  cleanups.push(() => ws.close());
  const demo = await startDemo(ws, { starterMappings: true });
  cleanups.push(() => demo.stop());
  return { ws, demo, api: createDispatcher(ws) };
}

/** The value of a call that must succeed. */
export const ok = <T>(r: unknown) => {
  expect(r).toMatchObject({ ok: true });
  return (r as { value: T }).value;
};
