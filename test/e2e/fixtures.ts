import { test as base, _electron, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOCK_START_VARIABLE } from '../../core/clock/clock';
import { startHeadlessHost } from '../support/headless-host';
import { startWorkerKeychain } from './worker-keychain';

export interface AppUnderTest {
  page: Page;
  workspaceDir: string;
  /** Kills the app the hard way (SIGKILL: no shutdown code runs), as a crash or power loss would. */
  crash(): Promise<void>;
  /** Starts the app again on the same workspace; returns the page to go on with. */
  relaunch(): Promise<Page>;
}

const root = join(__dirname, '..', '..');

/**
 * Where the app's clock starts in every spec unless a spec says otherwise: the middle of a month, so the
 * demo's settlements (end = now - 3 days, 14 days long; core/sandbox/amazon/seed-data.ts) lie inside June
 * whatever day the suite runs.
 */
export const PINNED_CLOCK_START = '2026-06-20T12:00:00Z';

/**
 * The app's flags for a workspace: a demo one starts without the starter mappings unless the spec asks for
 * them, since most demo specs map from nothing through the screens.
 */
function appFlags(workspaceDir: string, demo: boolean, starterMappings: boolean): string[] {
  return ['--workspace', workspaceDir, ...(demo ? ['--demo', ...(starterMappings ? [] : ['--unmapped'])] : [])];
}

/** Starts `ml-connector serve` on an isolated workspace and waits for its listening line. */
function startHeadless(flags: readonly string[], clockStart: string): Promise<{ child: ChildProcess; url: string }> {
  return startHeadlessHost(root, flags, undefined, { [CLOCK_START_VARIABLE]: clockStart });
}

/** SIGKILL and wait until the process is gone. */
function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export const test = base.extend<{ demo: boolean; starterMappings: boolean; clockStart: string; app: AppUnderTest }, { keychain: void }>({
  /**
   * On Linux each worker's app (and a spec's own keychain reads) use a keychain of that worker's own
   * (worker-keychain.ts): workers run specs at the same time. Elsewhere the OS keychain is the user's.
   */
  keychain: [
    async ({}, use) => {
      if (process.platform !== 'linux') return use();
      const keychain = await startWorkerKeychain();
      const before = process.env.DBUS_SESSION_BUS_ADDRESS;
      process.env.DBUS_SESSION_BUS_ADDRESS = keychain.busAddress;
      try {
        await use();
      } finally {
        if (before === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
        else process.env.DBUS_SESSION_BUS_ADDRESS = before;
        await keychain.stop();
      }
    },
    { scope: 'worker', auto: true },
  ],
  /** Open the workspace as the built-in demo (loopback Amazon and Business Central emulators). */
  demo: [false, { option: true }],
  /** A demo workspace with the demo's starter mappings, as `serve --demo` gives a user (else `--unmapped`). */
  starterMappings: [false, { option: true }],
  /** The instant the app's clock starts at (ML_CONNECTOR_CLOCK_START). */
  clockStart: [PINNED_CLOCK_START, { option: true }],
  app: async ({ browser, demo, starterMappings, clockStart }, use, testInfo) => {
    const workspaceDir = mkdtempSync(join(tmpdir(), 'mlc-e2e-'));
    const flags = appFlags(workspaceDir, demo, starterMappings);
    try {
      if (testInfo.project.name === 'electron') {
        const launch = async () => {
          const electronApp = await _electron.launch({ args: [join(root, 'dist', 'electron', 'main.cjs'), ...flags], cwd: root, env: { ...process.env, [CLOCK_START_VARIABLE]: clockStart } as Record<string, string> });
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
        let host = await startHeadless(flags, clockStart);
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(host.url);
        const app: AppUnderTest = {
          page,
          workspaceDir,
          crash: () => killHard(host.child),
          relaunch: async () => {
            host = await startHeadless(flags, clockStart);
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
