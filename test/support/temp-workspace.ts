import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock/clock';
import type { CredentialStore } from '../../core/credentials';
import { KeytarCredentialStore } from '../../core/credentials';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';

/** A fresh workspace folder per test, on the real migrations and, unless given, the real keychain and the system clock. */
export function tempWorkspace(credentials: CredentialStore = new KeytarCredentialStore(), clock?: Clock): Workspace & { remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-test-'));
  const ws = openWorkspace(dir, { credentials, ...(clock ? { clock } : {}) });
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
