// Uploads the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference (never copied into this repository).
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { SettlementsPage } from './pages/settlements-page';
import { SAMPLE } from '../support/settlement-files';


test('an accountant drops a V2 settlement file on the page, sees it listed with its 23 lines, and previews a journal that ties out', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const ui = new SettlementsPage(page);
  await ui.open();
  await expect(ui.emptyState).toBeVisible();

  // Dragged from the file manager onto the page.
  await ui.dropFile(SAMPLE);
  await expect(page.getByText('Imported settlement 28471003921: 23 lines.')).toBeVisible();
  await expect(ui.lineCount('28471003921')).toHaveText('23');
  await expect(ui.row('28471003921')).toContainText('amazon.com');
  await expect(ui.row('28471003921')).toContainText('$582.89');

  await ui.openPreview('28471003921');
  await expect(ui.tieOut).toHaveAttribute('data-balanced', 'true');
  await expect(ui.tieOut).toContainText('Ties out');
  await expect(ui.tieOut).toContainText('$582.89');
  await expect(page.getByTestId('tie-out-difference')).toContainText('$0.00');
  await expect(ui.journalDocument(1)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('settlements.png') });
  await ui.journalDocument(1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settlements-journal.png') });

  // The same file again changes nothing.
  await ui.importFile(SAMPLE);
  await expect(page.getByText('Settlement 28471003921 was already imported with the same content: nothing changed.')).toBeVisible();
  await expect(ui.table.locator('tbody tr')).toHaveCount(1);

  // A broken amount: the parser's message names the file, line, column and value; nothing is added.
  const broken = test.info().outputPath('broken-settlement.tsv');
  writeFileSync(broken, readFileSync(SAMPLE, 'utf8').replace('129.99', '12x.99'));
  await ui.importFile(broken);
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await expect(alert).toContainText('broken-settlement.tsv, line 3');
  await expect(alert).toContainText('12x.99');
  await expect(ui.table.locator('tbody tr')).toHaveCount(1);
});
