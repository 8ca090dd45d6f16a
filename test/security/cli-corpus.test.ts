import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineRow, summaryRow, v2Text } from '../settlement/settlement-fixtures';
import { tempDir } from '../support/temp-workspace';

// The built command line (scripts/test.mjs builds before the unit tests) given hostile files: whatever a
// file holds, the terminal only ever receives printable text, and a bad file is refused with its place.
const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'ml-connector.cjs');
let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  expect(existsSync(join(root, 'dist', 'host', 'cli.cjs')), 'run node scripts/build.mjs first').toBe(true);
  dir = tempDir();
});
afterAll(() => dir.remove());

const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
const file = (name: string, text: string | Buffer) => {
  const path = join(dir.dir, name);
  writeFileSync(path, text);
  return path;
};

// Window title, clipboard (OSC 52), clear screen, a one-byte CSI, a bell, a carriage return that overwrites
// the line, and a right-to-left override that reorders it.
const HOSTILE = '\u001b]0;owned\u0007\u001b]52;c;ZWNobyBvd25lZA==\u0007\u001b[2J\u009b31m\rfake ok\u202e';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface CliCase {
  name: string;
  args: () => string[];
  status: number;
  /** Something the output must say, in words. */
  says?: RegExp;
}

const corpus: CliCase[] = [
  {
    name: 'an amount with terminal escapes, refused with its value',
    args: () => ['settlement', 'inspect', file('amount.tsv', v2Text([summaryRow(), lineRow({ amount: `1${HOSTILE}` })]))],
    status: 2,
    says: /line 3, column "amount"/,
  },
  {
    name: 'a transaction type with terminal escapes, listed as unknown',
    args: () => ['settlement', 'inspect', file('type.tsv', v2Text([summaryRow({ 'total-amount': '10.00' }), lineRow({ 'transaction-type': `Zz${HOSTILE}`, 'amount-type': 'Zz', 'amount-description': 'Zz' })]))],
    status: 0,
    says: /unknown: Zz\\u001b\]0;owned/,
  },
  {
    name: 'the same in --json, which still parses',
    args: () => ['settlement', 'inspect', '--json', file('type-json.tsv', v2Text([summaryRow({ 'total-amount': '10.00' }), lineRow({ 'transaction-type': `Zz${HOSTILE}`, 'amount-type': 'Zz', 'amount-description': 'Zz' })]))],
    status: 0,
  },
  {
    name: 'a file name with terminal escapes',
    args: () => ['settlement', 'inspect', file(`report${HOSTILE.replace(/\u0007/g, '').replace(/[/\r]/g, '')}.tsv`, 'not a settlement\n')],
    status: 2,
    says: /line 1/,
  },
  {
    name: 'a NUL byte in a field, refused with line and column',
    args: () => ['settlement', 'import', file('nul.tsv', v2Text([summaryRow(), lineRow({ 'order-id': '111-\u0000-1' })])), '--workspace', join(dir.dir, 'ws-nul')],
    status: 2,
    says: /line 3, column "order-id".*NUL/,
  },
  {
    name: 'a UTF-16 file without a byte-order mark',
    args: () => ['settlement', 'inspect', file('utf16.tsv', Buffer.from(v2Text([summaryRow(), lineRow()]), 'utf16le'))],
    status: 2,
    says: /UTF-16/,
  },
  {
    name: 'an unknown command with terminal escapes',
    args: () => [`frob${HOSTILE}`],
    status: 2,
    says: /Unknown command/,
  },
  {
    name: 'a workspace path with terminal escapes that cannot be created',
    args: () => ['settlement', 'import', file('ok.tsv', v2Text([summaryRow({ 'total-amount': '10.00' }), lineRow()])), '--workspace', join(file('plain-file', 'x'), `ws${HOSTILE.replace(/[/\r]/g, '')}`)],
    status: 1,
    says: /The workspace path is not a folder/,
  },
];

describe('the command line given hostile files', () => {
  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = run(...c.args());
    const output = r.stdout + r.stderr;
    expect(r.status, output).toBe(c.status);
    expect(output, 'a raw control character reached the terminal').not.toMatch(RAW_CONTROL);
    if (c.says) expect(output).toMatch(c.says);
    if (c.args().includes('--json')) expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });
});
