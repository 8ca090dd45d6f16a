import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionRepository } from '../../core/connections/connection-repository';
import { chooseCurrentVersion } from '../../core/posting/current-version-choice';
import { settlementCommand, type SettlementCommandDeps } from '../../core/settlement/settlement-command';
import { AuditLog, openDatabase, workspaceDatabasePath } from '../../core/store';
import { realWorldFile } from './real-world-rows';
import { SAMPLES } from './settlement-fixtures';

// Sample: "amazon-settlement-parser by xieyi138-star" (sample/settlement-sample.txt), CC BY 4.0.
const SAMPLE = join(SAMPLES, 'settlement-v2-synthetic.tsv');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settlement-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// What the host gives the command (core/host/cli.ts), with a fixed clock.
const deps: SettlementCommandDeps = {
  actor: 'j.doe',
  makeCurrent: (db, versionId, actor, reason) =>
    chooseCurrentVersion({ db, audit: new AuditLog(db), connections: new ConnectionRepository(db), now: () => new Date('2026-07-03T09:00:00Z') }, versionId, actor, reason),
};

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await settlementCommand(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, undefined, deps);
  return { code, out, err };
}

/** The sample cut off after 15 report lines, as a download cut short: 582.89 declared, 314.57 in the lines. */
function truncatedSample(): string {
  const file = join(dir, 'cut-short.tsv');
  writeFileSync(file, readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 17).join('\n'));
  return file;
}

describe('ml-connector settlement', () => {
  it('inspect --json prints one JSON object describing the file', async () => {
    const r = await run('inspect', SAMPLE, '--json');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ settlementId: '28471003921', format: 'v2', totalAmount: '582.89', difference: '0.00', lineCount: 23, unknown: [] });
  });

  it('exits 2 with the reason on stderr when the file cannot be read', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'settlement-id\ttotal-amount\tcurrency\ttransaction-type\tamount-type\tamount-description\tamount\n1\t1,2,3\tUSD\t\t\t\t\n');
    const r = await run('inspect', bad, '--json');
    expect(r).toMatchObject({ code: 2, out: [] });
    expect(r.err[0]).toContain('line 2, column "total-amount", value "1,2,3"');
    expect((await run('inspect', join(dir, 'missing.txt'))).code).toBe(2);
    expect((await run('explode', SAMPLE)).code).toBe(2);
  });

  it('import says new, then unchanged, each with the tie-out of the file', async () => {
    const ws = join(dir, 'ws');
    const tie = 'tie-out: lines 582.89 USD, declared total 582.89 USD, difference 0.00 USD: ties out';
    expect(await run('import', SAMPLE, '--workspace', ws)).toMatchObject({ code: 0, out: ['settlement 28471003921: new, 23 lines', tie] });
    expect(await run('import', SAMPLE, '--workspace', ws)).toMatchObject({ code: 0, out: ['settlement 28471003921: unchanged, 23 lines', tie] });
  });

  it('import of a copy cut short keeps it beside the complete version, prints the difference and exits 1', async () => {
    const ws = join(dir, 'ws');
    const cut = truncatedSample();
    await run('import', SAMPLE, '--workspace', ws);
    const r = await run('import', cut, '--workspace', ws);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      'settlement 28471003921: incomplete copy kept as version 2: its lines do not add up to the declared total; version 1, whose lines do, stays current, 15 lines',
      'tie-out: lines 314.57 USD, declared total 582.89 USD, difference -268.32 USD: does NOT tie out',
      `to use it anyway: ml-connector settlement make-current 28471003921 2 --workspace ${ws} --reason TEXT`,
    ]);
    // The same copy again stores nothing new: exit 0, and it says which version it matches.
    expect(await run('import', cut, '--workspace', ws)).toMatchObject({ code: 0, out: [expect.stringContaining('identical to superseded version 2 (version 1 is current)'), expect.any(String), expect.any(String)] });
    // A first import that does not tie out is stored (there is nothing better), and still exits 1.
    expect((await run('import', cut, '--workspace', join(dir, 'other'))).code).toBe(1);
  });

  it('import of a superseded version\'s content says so and offers make-current, which restores it (audited)', async () => {
    const ws = join(dir, 'ws');
    const cut = truncatedSample();
    await run('import', SAMPLE, '--workspace', ws);
    await run('import', cut, '--workspace', ws);
    expect(await run('make-current', '28471003921', '2', '--workspace', ws, '--reason', 'the bank paid 268.32 less')).toMatchObject({
      code: 0,
      out: ['settlement 28471003921: version 2 is current instead of version 1', 'tie-out: lines 314.57 USD, declared total 582.89 USD, difference -268.32 USD: does NOT tie out'],
    });
    const again = await run('import', SAMPLE, '--workspace', ws);
    expect(again).toMatchObject({ code: 0 });
    expect(again.out[0]).toBe('settlement 28471003921: identical to superseded version 1 (version 2 is current): nothing imported, 23 lines');
    expect(again.out[2]).toBe(`to make version 1 current again: ml-connector settlement make-current 28471003921 1 --workspace ${ws}`);
    expect((await run('make-current', '28471003921', '1', '--workspace', ws)).out[0]).toBe('settlement 28471003921: version 1 is current instead of version 2');
    expect(await run('make-current', '28471003921', '1', '--workspace', ws)).toMatchObject({ code: 1, err: ['Version 1 of settlement 28471003921 is already the current version.'] });
    expect(await run('make-current', '28471003921', '9', '--workspace', ws)).toMatchObject({ code: 1, err: [`Settlement 28471003921 has no version 9 in ${ws}.`] });

    const db = openDatabase(workspaceDatabasePath(ws));
    try {
      const made = new AuditLog(db).list({ subjectType: 'settlement' }).filter((e) => e.operation === 'settlement.made-current');
      expect(made.map((e) => [e.actor, JSON.parse(e.detail!).version, JSON.parse(e.detail!).reason])).toEqual([['j.doe', 1, null], ['j.doe', 2, 'the bank paid 268.32 less']]);
    } finally {
      db.close();
    }
  });

  it('import warns when the summary currency is not what the file\'s marketplaces settle in', async () => {
    const file = join(dir, 'usd-on-de.tsv');
    writeFileSync(file, realWorldFile('de').replace(/\tEUR\t/, '\tUSD\t'));
    const r = await run('import', file, '--workspace', join(dir, 'ws'));
    expect(r.code).toBe(0);
    expect(r.out[2]).toBe('warning: The settlement is in USD, but Amazon.de, Amazon.fr settle in EUR: check that the file belongs to this account');
  });
});
