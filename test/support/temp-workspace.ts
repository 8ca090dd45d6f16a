import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CredentialStore } from '../../core/credentials';
import { KeytarCredentialStore } from '../../core/credentials';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';

/** A fresh workspace folder per test, on the real migrations and, unless given, the real keychain. */
export function tempWorkspace(credentials: CredentialStore = new KeytarCredentialStore()): Workspace & { remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-test-'));
  const ws = openWorkspace(dir, { credentials });
  return Object.assign(ws, {
    remove() {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
