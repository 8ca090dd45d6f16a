import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [relative(root, join(dir, e.name)).split(sep).join('/')]));
}

describe('emulators', () => {
  it('live in core/sandbox/<system>/, never beside the clients of the systems they stand in for', () => {
    const misplaced = files(join(root, 'core')).filter((f) => /(^|\/)emulator[^/]*\.ts$/.test(f) && !f.startsWith('core/sandbox/'));
    expect(misplaced).toEqual([]);
  });
});
