// How money reads on the screens: right-aligned with its currency, and negatives as the workspace chose
// under Settings (a minus sign, or brackets), the same on every screen and in the chart.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SettlementsPage } from './pages/settlements-page';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

// core/sandbox/amazon/seed-data.ts: the demo's German settlement.
const DE = '24137000002';

/** Amounts in table cells whose right edge is not at their cell's right edge (beyond its padding). */
async function notRightAligned(scope: Locator): Promise<string[]> {
  return scope.locator('td [data-amount]').evaluateAll((spans) =>
    spans
      .filter((span) => {
        const cell = span.closest('td')!;
        const pad = parseFloat(getComputedStyle(cell).paddingRight) || 0;
        return cell.getBoundingClientRect().right - pad - span.getBoundingClientRect().right > 2;
      })
      .map((span) => `${span.textContent} in "${span.closest('table')?.getAttribute('aria-label') ?? 'a table'}"`),
  );
}

async function chooseNegatives(page: Page, label: 'With a minus sign' | 'In brackets') {
  await new ShellPage(page).open('Settings');
  const radio = page.getByRole('region', { name: 'Amounts' }).getByRole('radio', { name: new RegExp(label) });
  await radio.click();
  await expect(radio).toBeChecked();
}

test('amounts are right-aligned with their currency, and negatives follow the Settings choice on every screen', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await settlements.importNew();
  await settlements.openPreview(DE);
  const journal = settlements.journalDocument(1);
  await expect(journal).toBeVisible();
  const main = page.getByRole('main');
  const fees = main.locator('span[data-amount^="-"]').first();
  await expect(fees).toHaveText(/^-€/);
  expect(await notRightAligned(main)).toEqual([]);

  // Settings: negatives in brackets. A click saves it; the sample beside the choice shows how it reads.
  await chooseNegatives(page, 'In brackets');
  await expect(page.getByRole('region', { name: 'Amounts' })).toContainText('(€1,234.56)');

  await settlements.open();
  await settlements.openPreview(DE);
  await expect(journal).toBeVisible();
  const negatives = main.locator('span[data-amount^="-"]');
  expect(await negatives.count()).toBeGreaterThan(0);
  for (const text of await negatives.allTextContents()) expect(text).toMatch(/^\(€[\d,.]+\)$/);
  // The chart's values too, and nothing on the page still starts with a minus.
  await expect(main.getByTestId('bar-chart').first()).toContainText('(€');
  await expect(main).not.toContainText(/-€\d/);
  expect(await notRightAligned(main)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('preview-brackets-1280.png'), fullPage: true });

  // The choice is the workspace's: a new window reads it as saved.
  await page.reload();
  await settlements.openPreview(DE);
  await expect(main.locator('span[data-amount^="-"]').first()).toHaveText(/^\(€/);

  await chooseNegatives(page, 'With a minus sign');
  await settlements.open();
  await settlements.openPreview(DE);
  await expect(main.locator('span[data-amount^="-"]').first()).toHaveText(/^-€/);
});
