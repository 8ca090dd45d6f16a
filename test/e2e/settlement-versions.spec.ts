// Uploads the V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference (never copied into this repository), and a copy of it cut short, as a download that
// stopped early would be.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { SettlementsPage } from './pages/settlements-page';
import { SAMPLE } from '../support/settlement-files';

const ID = '28471003921';

test('a truncated re-download is kept as an incomplete copy beside the complete settlement; the accountant chooses, and can bring the complete one back', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1360, height: 900 });
  const ui = new SettlementsPage(page);
  await ui.open();

  await ui.importFile(SAMPLE);
  await expect(ui.importOutcome).toHaveAttribute('data-outcome', 'new');

  // The same settlement again, cut off after 15 of its 23 lines: 314.57 of the declared 582.89.
  const cut = test.info().outputPath(`settlement-${ID}-cut.tsv`);
  writeFileSync(cut, readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 17).join('\n'));
  await ui.importFile(cut);
  await expect(ui.importOutcome).toHaveAttribute('data-outcome', 'incomplete-copy');
  await expect(ui.importOutcome).toContainText('Kept as an incomplete copy');
  await expect(ui.importOutcome).toContainText('$314.57');
  await expect(ui.importOutcome).toContainText('beside version 1, whose lines add up and which stays current');
  await expect(ui.versionRow(ID, 2).locator('[data-status]')).toHaveAttribute('data-status', 'incomplete-copy');
  await expect(ui.versionRow(ID, 1).locator('[data-status]')).not.toHaveAttribute('data-status', /incomplete-copy|superseded/);

  // Both versions side by side, with their tie-outs.
  await ui.importOutcome.getByRole('button', { name: 'Show both versions' }).click();
  await expect(ui.versions).toContainText('Incomplete copy');
  await expect(ui.versionInPanel(2)).toContainText('-$268.32');
  await expect(ui.versionInPanel(1)).toContainText('✓ ties out');
  await expect(ui.tieOut).toHaveAttribute('data-balanced', 'false');
  await page.screenshot({ path: test.info().outputPath('settlement-versions-incomplete-copy.png'), fullPage: true });

  // The confirmation says what taking the copy would do; the accountant keeps the complete version.
  let dialog = await ui.askToMakeCurrent(2);
  await expect(dialog).toContainText('Version 2 becomes the version that is reviewed, approved and posted');
  await expect(dialog).toContainText('Approval stays blocked');
  await expect(dialog).toContainText('recorded in the audit log under your name');
  await page.screenshot({ path: test.info().outputPath('settlement-versions-confirm.png') });
  await dialog.getByRole('button', { name: 'Keep version 1' }).click();
  await expect(dialog).toBeHidden();
  await expect(ui.versionInPanel(1).locator('[data-status]')).not.toHaveAttribute('data-status', /incomplete-copy|superseded/);

  // Later Amazon support confirms the short file; the accountant takes it, with a reason.
  dialog = await ui.askToMakeCurrent(2);
  await ui.confirmMakeCurrent(dialog, 2, 'Amazon support: the rest follows in the next settlement');
  await expect(ui.versionRow(ID, 1).locator('[data-status]')).toHaveAttribute('data-status', 'superseded');
  await expect(ui.versionRow(ID, 2).locator('[data-status]')).not.toHaveAttribute('data-status', /incomplete-copy|superseded/);

  // The complete file again: recognised as the superseded version 1, offered back, and restored.
  await ui.importFile(SAMPLE);
  await expect(ui.importOutcome).toHaveAttribute('data-outcome', 'identical-to-superseded');
  await expect(ui.importOutcome).toContainText('Identical to superseded version 1');
  await page.screenshot({ path: test.info().outputPath('settlement-versions-identical.png') });
  await ui.importOutcome.getByRole('button', { name: 'Make version 1 current again…' }).click();
  dialog = page.getByRole('dialog');
  await ui.confirmMakeCurrent(dialog, 1, 'the complete file, downloaded again');
  await expect(ui.versionRow(ID, 2).locator('[data-status]')).toHaveAttribute('data-status', 'incomplete-copy');
  await expect(ui.versionRow(ID, 1).locator('[data-status]')).not.toHaveAttribute('data-status', /incomplete-copy|superseded/);
  await expect(ui.tieOut).toHaveAttribute('data-balanced', 'true');
  await page.screenshot({ path: test.info().outputPath('settlement-versions-restored.png'), fullPage: true });
});
