/**
 * Starts the built headless host (`ml-connector serve`, as test/e2e/fixtures.ts does) on a fresh
 * workspace for the benches, and calls its API over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHeadlessHost } from '../support/headless-host';

export interface BenchHost {
  url: string;
  origin: string;
  token: string;
  workspaceDir: string;
  call<T = unknown>(name: string, input?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startBenchHost(root: string): Promise<BenchHost> {
  const workspaceDir = mkdtempSync(join(tmpdir(), 'mlc-bench-'));
  const { child, url } = await startHeadlessHost(root, ['--workspace', workspaceDir], 30_000);
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token')!;
  const origin = parsed.origin;
  return {
    url,
    origin,
    token,
    workspaceDir,
    async call<T>(name: string, input: unknown = {}): Promise<T> {
      const res = await fetch(`${origin}/api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const envelope = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
      if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
      return envelope.value;
    },
    async stop() {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
      rmSync(workspaceDir, { recursive: true, force: true });
    },
  };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
