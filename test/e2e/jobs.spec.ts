import { expect, PINNED_CLOCK_START, test } from './fixtures';
import { PostingPage } from './pages/posting-page';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

test('schedules under Settings, every run under Jobs with counts and a failure in plain words, Run again, a desktop notification, auto-post only with a rule', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  // Record the Web Notification API: the page announces failed runs through it.
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body: string }> = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
  });
  const shell = new ShellPage(page);
  const api = new PostingPage(page);
  // An Amazon connection whose secrets were never entered: its discovery job fails, and says why.
  await api.api('connections.save', { kind: 'amazon', name: 'Amazon EU (no secrets)', settings: { region: 'EU', lwaClientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef', marketplaceIds: [] } });
  await page.reload();


  await shell.open('Settings');
  const form = page.getByRole('form', { name: 'New sync job' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Daily discovery');
  await form.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'Amazon (demo)' });
  await form.getByRole('button', { name: 'Add job' }).click();
  const jobs = page.getByRole('table', { name: 'Sync jobs' });
  await expect(jobs.getByRole('row')).toHaveCount(2);
  await form.getByRole('textbox', { name: 'Name' }).fill('EU discovery');
  await form.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'Amazon EU (no secrets)' });
  await form.getByRole('button', { name: 'Add job' }).click();
  await expect(jobs.getByRole('row')).toHaveCount(3);
  await expect(page.getByText(/Jobs run at their time while ml-connector is open on this workspace/)).toBeVisible();

  await jobs.getByRole('row', { name: /Daily discovery/ }).getByRole('button', { name: 'Run now' }).click();
  await expect(jobs.getByRole('row', { name: /Daily discovery/ })).toContainText('succeeded', { timeout: 30_000 });
  await jobs.getByRole('row', { name: /EU discovery/ }).getByRole('button', { name: 'Run now' }).click();
  await expect(jobs.getByRole('row', { name: /EU discovery/ })).toContainText('failed', { timeout: 30_000 });

  // Auto-post: off, and cannot be turned on before choosing whose approval counts.
  const card = page.getByLabel('Auto-post to Business Central (demo)');
  await card.scrollIntoViewIfNeeded();
  const toggle = card.getByRole('switch');
  await expect(toggle).toBeDisabled();
  await card.getByRole('radio', { name: 'Post only settlements approved by these people' }).check();
  await card.getByRole('textbox').fill('controller');
  await toggle.click();
  await expect(card).toContainText('Auto-post on');
  await expect(card).toContainText('Rule: settlements approved in the review queue by controller.');
  await expect(card).toContainText('no auto-post job scheduled');
  await page.screenshot({ path: test.info().outputPath('settings-schedules.png'), fullPage: true });

  // The Jobs view.
  await shell.open('Jobs');
  const runs = page.getByRole('table', { name: 'Sync runs' });
  await expect(runs.getByRole('row')).toHaveCount(3);
  const failed = runs.getByRole('row').filter({ hasText: 'EU discovery' });
  await expect(failed).toContainText('failed');
  await expect(failed).toContainText('Amazon EU (no secrets) has no LWA client secret in the keychain. Edit the connection and enter it.');
  const ok = runs.getByRole('row').filter({ hasText: 'Daily discovery' });
  await expect(ok).toContainText('succeeded');
  await expect(ok).toContainText(/found 5 · imported 5/);
  await expect(ok).toContainText(/took \d+/);
  await failed.getByRole('button', { name: 'Run again' }).click();
  await expect(runs.getByRole('row')).toHaveCount(4, { timeout: 30_000 });
  await expect(runs.getByRole('row').nth(1)).toContainText('EU discovery');
  await expect(runs.getByRole('row').nth(1)).toContainText('run by hand');
  await page.screenshot({ path: test.info().outputPath('jobs-runs.png'), fullPage: true });

  // Each failed run became a desktop notification, and the imported settlements one that they wait for review.
  // The second run's notification comes over the event stream a moment after its row: waited for, not read once.
  const shown = () => page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string; body: string }> }).shownNotifications);
  await expect.poll(async () => (await shown()).filter((n) => n.title === 'Sync failed: EU discovery').length).toBe(2);
  expect((await shown()).find((n) => /settlements? waiting for review$/.test(n.title))).toBeTruthy();
});

test.describe('a minute job', () => {
  // The app's clock starts 20 s before a whole minute, so the first scheduled run comes about as soon as the
  // job is saved instead of up to a minute later; a slow start only moves it to the next minute.
  test.use({ clockStart: '2026-06-20T12:00:40Z' });
  test('the headless host runs a scheduled job at its time without anyone pressing Run now', async ({ app }) => {
    test.setTimeout(150_000);
    const page = app.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    const shell = new ShellPage(page);
    await shell.open('Settings');
    const form = page.getByRole('form', { name: 'New sync job' });
    await form.getByRole('combobox', { name: 'Job' }).selectOption({ label: 'ERP reference refresh' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Every minute refresh');
    await form.getByRole('combobox', { name: 'When' }).selectOption({ label: 'Cron expression' });
    await form.getByRole('textbox', { name: 'Cron' }).fill('* * * * *');
    await form.getByRole('button', { name: 'Add job' }).click();
    await expect(page.getByRole('table', { name: 'Sync jobs' }).getByRole('row', { name: /Every minute refresh/ })).toBeVisible();
    await shell.open('Jobs');
    const run = page.getByRole('table', { name: 'Sync runs' }).getByRole('row').filter({ hasText: 'Every minute refresh' }).first();
    // The next whole minute: the app's own scheduler starts it.
    await expect(run).toContainText('on schedule', { timeout: 90_000 });
    await expect(run).toContainText('succeeded', { timeout: 30_000 });
    await expect(run).toContainText(/accounts \d+/);
    await page.screenshot({ path: test.info().outputPath('jobs-scheduled-run.png') });
  });
});

test('the settlement calendar preset shows its next run in the chosen time zone, daily before any settlement, then after the expected settlement end', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const shell = new ShellPage(page);
  const api = new PostingPage(page);
  await shell.open('Settings');
  const form = page.getByRole('form', { name: 'New sync job' });
  await form.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'Amazon (demo)' });
  await form.getByRole('textbox', { name: 'Time zone' }).fill('Asia/Tokyo');
  await form.getByRole('combobox', { name: 'When' }).selectOption({ label: 'On the settlement calendar' });
  await form.getByRole('textbox', { name: 'Daily at, until a settlement is known' }).fill('07:30');
  const preview = form.getByRole('status', { name: 'Next run of the new job' });
  // No settlement found by discovery yet: the next run is the daily fallback, 07:30 on Tokyo's clock.
  await expect(preview).toContainText(/Next run: .*7:30.*\(Asia\/Tokyo\)/);
  await expect(preview).toContainText('No settlement of this connection imported yet: daily at 07:30 until the first one is in.');
  await form.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settlement-calendar-form.png') });
  await form.getByRole('textbox', { name: 'Name' }).fill('Settlement calendar');
  await form.getByRole('button', { name: 'Add job' }).click();
  const row = page.getByRole('table', { name: 'Sync jobs' }).getByRole('row', { name: /Settlement calendar/ });
  await expect(row).toContainText('On the settlement calendar (daily at 07:30 until a settlement is known) (Asia/Tokyo)');
  await expect(row).toContainText(/7:30.*\(Asia\/Tokyo\)/);

  // Discovery imports the demo seller's settlements: now the next run follows the newest settlement's end.
  await row.getByRole('button', { name: 'Run now' }).click();
  await expect(row).toContainText('succeeded', { timeout: 30_000 });
  await expect(row).toContainText(/Next settlement expected to end .*\(Asia\/Tokyo\); looked for 2 h after, then every 3 h until it is in\./);
  const job = (await api.api<Array<{ name: string; nextRun: string; expectedSettlementEnd: string | null }>>('jobs.list', {})).find((j) => j.name === 'Settlement calendar');
  expect(job!.expectedSettlementEnd).not.toBeNull();
  const expectedEnd = Date.parse(job!.expectedSettlementEnd!);
  // At the expected end + 2 h, or (the report being late) the next 3-hourly check after now.
  expect((Date.parse(job!.nextRun) - expectedEnd - 2 * 3_600_000) % (3 * 3_600_000)).toBe(0);
  // The app's clock started at PINNED_CLOCK_START (fixtures.ts), not at the wall clock's now.
  expect(Date.parse(job!.nextRun)).toBeGreaterThan(Date.parse(PINNED_CLOCK_START) - 60_000);
  const shown = new Date(job!.nextRun).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' });
  await expect(row).toContainText(`${shown} (Asia/Tokyo)`);
  await expect(preview).toContainText('Next settlement expected to end');
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settlement-calendar.png') });
});
