import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, workspaceDatabasePath } from '../../core/store';
import { tempDir } from '../support/temp-workspace';
// Synthetic V2 settlement: "amazon-settlement-parser by xieyi138-star", CC BY 4.0, read from the shared reference.
import { SAMPLE as sample } from '../support/settlement-files';

// Runs the built command line (scripts/test.mjs builds before the unit tests).
const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'ml-connector.cjs');

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
const runAt = (clockStart: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ML_CONNECTOR_CLOCK_START: clockStart } });

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

  it('stamps an import on the clock ML_CONNECTOR_CLOCK_START starts, as serve and sync do, and refuses an unreadable one', () => {
    const ws = tempDir();
    cleanups.push(ws.remove);
    const r = runAt('2026-06-20T12:00:00Z', 'settlement', 'import', sample, '--workspace', ws.dir);
    expect(r.status, r.stderr).toBe(0);
    const db = openDatabase(workspaceDatabasePath(ws.dir));
    const imported = db.prepare('SELECT imported_at AS at FROM settlement_version').all() as { at: string }[];
    const audited = db.prepare("SELECT at FROM audit_event WHERE operation = 'settlement.imported'").all() as { at: string }[];
    db.close();
    expect([...imported, ...audited].map((x) => x.at.slice(0, 15))).toEqual(['2026-06-20T12:0', '2026-06-20T12:0']);
    const bad = runAt('20 June', 'settlement', 'import', sample, '--workspace', ws.dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('ML_CONNECTOR_CLOCK_START="20 June" is not an instant');
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
