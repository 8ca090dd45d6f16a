import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settlementCommand } from '../../core/settlement/settlement-command';
import { realWorldFile } from './real-world-rows';
import { SAMPLES } from './settlement-fixtures';

// Sample: "amazon-settlement-parser by xieyi138-star" (sample/settlement-sample.txt), CC BY 4.0.
const SAMPLE = join(SAMPLES, 'settlement-v2-synthetic.tsv');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settlement-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await settlementCommand(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
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

  it('import says new, then unchanged', async () => {
    const ws = join(dir, 'ws');
    expect((await run('import', SAMPLE, '--workspace', ws)).out).toEqual(['settlement 28471003921: new, 23 lines']);
    expect((await run('import', SAMPLE, '--workspace', ws)).out).toEqual(['settlement 28471003921: unchanged, 23 lines']);
  });

  it('import warns when the summary currency is not what the file\'s marketplaces settle in', async () => {
    const file = join(dir, 'usd-on-de.tsv');
    writeFileSync(file, realWorldFile('de').replace(/\tEUR\t/, '\tUSD\t'));
    const r = await run('import', file, '--workspace', join(dir, 'ws'));
    expect(r.code).toBe(0);
    expect(r.out[1]).toBe('warning: The settlement is in USD, but Amazon.de, Amazon.fr settle in EUR: check that the file belongs to this account');
  });
});
