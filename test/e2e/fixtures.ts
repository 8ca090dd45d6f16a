import { test as base, _electron, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AppUnderTest {
  page: Page;
  workspaceDir: string;
}

const root = join(__dirname, '..', '..');

/** Starts `ml-connector serve` on an isolated workspace and waits for its listening line. */
async function startHeadless(workspaceDir: string, demo: boolean): Promise<{ child: ChildProcess; url: string }> {
  const args = [join(root, 'bin', 'ml-connector.cjs'), 'serve', '--workspace', workspaceDir, '--port', '0', ...(demo ? ['--demo'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`ml-connector serve printed no listening line in 20 s:\n${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ml-connector listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ml-connector serve exited with ${code}:\n${out}`));
    });
  });
  return { child, url };
}

export const test = base.extend<{ demo: boolean; app: AppUnderTest }>({
  /** Open the workspace as the built-in demo (loopback Amazon and Business Central emulators). */
  demo: [false, { option: true }],
  app: async ({ browser, demo }, use, testInfo) => {
    const workspaceDir = mkdtempSync(join(tmpdir(), 'mlc-e2e-'));
    try {
      if (testInfo.project.name === 'electron') {
        const electronApp = await _electron.launch({ args: [join(root, 'dist', 'electron', 'main.cjs'), '--workspace', workspaceDir, ...(demo ? ['--demo'] : [])], cwd: root });
        const page = await electronApp.firstWindow();
        await use({ page, workspaceDir });
        await electronApp.close();
      } else {
        const { child, url } = await startHeadless(workspaceDir, demo);
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(url);
        await use({ page, workspaceDir });
        await context.close();
        child.kill('SIGTERM');
      }
    } finally {
      rmSync(workspaceDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
