// An approval holds for exactly the journal it approved, through the screens on the built-in demo:
// approve (the dialog shows the journal with account names, amounts, period and currency), change a
// mapping rule the journal uses, see the approval withdrawn with the rule, who and the accounts named,
// approve again and post; the preview then shows the posted journal, labelled as such, and after one more
// rule change what the current rules would produce, apart.
import { expect, test } from './fixtures';
import { ShellPage } from './pages/shell-page';
import { MappingsPage } from './pages/mappings-page';
import { PostingPage } from './pages/posting-page';
import { ReviewPage } from './pages/review-page';

test.use({ demo: true });

// core/sandbox/amazon/seed-data.ts: the Amazon.de settlement, in EUR like the demo company's books.
const SETTLEMENT = '24137000002';

test('a rule change withdraws an approval with its reason; approved again, the settlement posts', async ({ app }) => {
  // Two approvals, a mapping change and a posting through the screens: longer than one flow.
  test.setTimeout(150_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 860 });
  const posting = new PostingPage(page);
  const settlements = posting.settlements;
  const review = new ReviewPage(page);

  await new ShellPage(page).openDemoWorkspace();
  // The workspace's review controls, with their defaults.
  await review.shell.open('Settings');
  const controls = page.getByRole('region', { name: 'Review controls' });
  await expect(controls.getByLabel('Variance limit')).toHaveValue('1.00');
  await expect(controls.getByLabel('Implausible multiple')).toHaveValue('10');
  await page.screenshot({ path: test.info().outputPath('review-controls.png') });

  await settlements.open();
  await expect(await settlements.importNew()).toHaveText('5 new settlements imported.');

  // Make it ready: map the fee type the starter mappings leave open, acknowledge its warnings.
  await review.mapAndAcknowledge(SETTLEMENT, 'Subscription Fee', '8410');

  // The dialog shows the journal being approved: accounts with their names, amounts, period, currency.
  await review.approveButton(SETTLEMENT).click();
  const journal = review.journalBeingApproved;
  await expect(journal).toContainText('Period 2026-06');
  await expect(journal).toContainText('EUR');
  await expect(journal).toContainText('8410');
  await expect(journal).toContainText('Amazon Selling Fees');
  await expect(journal).toContainText('2920');
  await expect(journal).toContainText('€849.25');
  await page.screenshot({ path: test.info().outputPath('approval-dialog.png') });
  await review.approveDialog.getByRole('button', { name: 'Approve for posting' }).click();
  await expect(review.status(SETTLEMENT)).toHaveText('approved');

  // A mapping rule the journal uses changes: the approval no longer holds, and the screen says why.
  const mappings = new MappingsPage(page);
  await mappings.open();
  await mappings.describeFee('ItemFees', 'Commission');
  await mappings.pick('Account', '8430');
  await mappings.saveRule();
  await expect(mappings.rule('Commission')).toContainText('8430');
  await review.open();
  await expect(review.status(SETTLEMENT)).toHaveText('ready');
  await expect(review.withdrawal(SETTLEMENT)).toContainText("rule 'ItemFees / Commission' changed by");
  await expect(review.withdrawal(SETTLEMENT)).toContainText('account 8410 → 8430');
  await page.screenshot({ path: test.info().outputPath('approval-withdrawn.png') });

  // Approved again (the dialog now shows the new account), then posted.
  await review.approveButton(SETTLEMENT).click();
  await expect(review.journalBeingApproved).toContainText('Advertising');
  await review.approveDialog.getByRole('button', { name: 'Approve for posting' }).click();
  await expect(review.status(SETTLEMENT)).toHaveText('approved');
  await expect(review.withdrawal(SETTLEMENT)).toHaveCount(0);

  await settlements.open();
  await settlements.openPreview(SETTLEMENT);
  await posting.postButton.click();
  await expect(posting.documentsToPost.locator('tbody tr')).toHaveCount(1);
  await posting.confirm();
  await expect(posting.result).toContainText('1 document posted', { timeout: 30_000 });
  await expect(settlements.postedJournal).toContainText('Posted journal');
  await expect(settlements.postedJournal).toContainText('8430');
  await expect(settlements.currentRulesDraft).toHaveCount(0);
  await settlements.postedJournal.scrollIntoViewIfNeeded();
  await settlements.postedJournal.screenshot({ path: test.info().outputPath('posted-journal.png') });

  // A rule change after posting: the preview keeps showing what was posted, and what the rules would
  // produce now apart, labelled as a draft.
  await mappings.open();
  await mappings.describeFee('ItemFees', 'Commission');
  await mappings.pick('Account', '8410');
  await mappings.saveRule();
  await expect(mappings.rule('Commission')).toContainText('8410');
  await settlements.open();
  await settlements.openPreview(SETTLEMENT);
  await expect(settlements.postedJournal).toContainText('8430');
  await expect(settlements.currentRulesDraft).toContainText('Current rules would produce');
  await expect(settlements.currentRulesDraft).toContainText('draft, not posted');
  await settlements.currentRulesDraft.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('current-rules-draft.png') });
});
