import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-workspace';

// Runs the built command line (scripts/test.mjs builds before the unit tests).
const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'ml-connector.cjs');
// Synthetic V2 settlement: "amazon-settlement-parser by xieyi138-star", CC BY 4.0, read from ../shared/reference.
const sample = join(root, '..', 'shared', 'reference', 'amazon', 'samples', 'settlement-v2-synthetic.tsv');

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });

describe('ml-connector command line', () => {
  it('is built', () => {
    expect(existsSync(join(root, 'dist', 'host', 'cli.cjs')), 'run npm run build first').toBe(true);
  });

  it('imports a settlement file into a workspace once, and says so', () => {
    const ws = tempDir();
    cleanups.push(ws.remove);
    const first = run('settlement', 'import', sample, '--workspace', ws.dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/settlement \d+: new, 23 lines/);
    const again = run('settlement', 'import', sample, '--workspace', ws.dir);
    expect(again.stdout).toMatch(/settlement \d+: unchanged, 23 lines/);
  });

  it('refuses a file that is not a settlement, naming the file and line, with exit code 2', () => {
    const ws = tempDir();
    cleanups.push(ws.remove);
    const r = run('settlement', 'import', join(root, 'package.json'), '--workspace', ws.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/package\.json, line 1/);
  });

  it('answers an unknown command with the usage and exit code 2', () => {
    const r = run('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('ml-connector serve');
    expect(r.stderr).toContain('ml-connector settlement import');
  });
});
