import { test as base, _electron, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHeadlessHost } from '../support/headless-host';

export interface AppUnderTest {
  page: Page;
  workspaceDir: string;
  /** Kills the app the hard way (SIGKILL: no shutdown code runs), as a crash or power loss would. */
  crash(): Promise<void>;
  /** Starts the app again on the same workspace; returns the page to go on with. */
  relaunch(): Promise<Page>;
}

const root = join(__dirname, '..', '..');

/** Starts `ml-connector serve` on an isolated workspace and waits for its listening line. */
function startHeadless(workspaceDir: string, demo: boolean): Promise<{ child: ChildProcess; url: string }> {
  return startHeadlessHost(root, ['--workspace', workspaceDir, ...(demo ? ['--demo'] : [])]);
}

/** SIGKILL and wait until the process is gone. */
function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export const test = base.extend<{ demo: boolean; app: AppUnderTest }>({
  /** Open the workspace as the built-in demo (loopback Amazon and Business Central emulators). */
  demo: [false, { option: true }],
  app: async ({ browser, demo }, use, testInfo) => {
    const workspaceDir = mkdtempSync(join(tmpdir(), 'mlc-e2e-'));
    const flags = ['--workspace', workspaceDir, ...(demo ? ['--demo'] : [])];
    try {
      if (testInfo.project.name === 'electron') {
        const launch = async () => {
          const electronApp = await _electron.launch({ args: [join(root, 'dist', 'electron', 'main.cjs'), ...flags], cwd: root });
          return { electronApp, page: await electronApp.firstWindow() };
        };
        let current = await launch();
        const app: AppUnderTest = {
          page: current.page,
          workspaceDir,
          crash: () => killHard(current.electronApp.process()),
          relaunch: async () => {
            current = await launch();
            app.page = current.page;
            return current.page;
          },
        };
        await use(app);
        await current.electronApp.close().catch(() => undefined);
      } else {
        let host = await startHeadless(workspaceDir, demo);
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(host.url);
        const app: AppUnderTest = {
          page,
          workspaceDir,
          crash: () => killHard(host.child),
          relaunch: async () => {
            host = await startHeadless(workspaceDir, demo);
            await page.goto(host.url);
            return page;
          },
        };
        await use(app);
        await context.close();
        host.child.kill('SIGTERM');
      }
    } finally {
      rmSync(workspaceDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
