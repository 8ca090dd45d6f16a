import { expect, test } from './fixtures';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

// The demo's Finance and Operations company cannot have its orders shipped by Amazon through ml-connector
// (core/erp/d365fo/amazon-fulfilment.ts): the Multi-Channel Fulfillment panel says why under its name, with
// no form to fill, while the demo's Business Central company keeps its set-up form.
test('the MCF panel says why the demo F&O company cannot ship its orders by Amazon, and offers Business Central the form', async ({ app }) => {
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await new ShellPage(page).openDemoWorkspace();
  await new ShellPage(page).open('Needs attention');

  const panel = page.getByRole('region', { name: 'Orders shipped by Amazon' });
  const fo = panel.getByTestId('mcf-not-offered').filter({ hasText: 'Finance & Operations (demo)' });
  await expect(fo).toContainText('sales orders (SalesOrderHeadersV2 and their lines) are not in the OData descriptions');
  await expect(fo).toContainText('ship them from F&O as before.');
  await expect(fo.getByRole('textbox')).toHaveCount(0);
  await expect(panel.getByLabel('Amazon location in Business Central (demo)')).toBeVisible();
  await panel.screenshot({ path: test.info().outputPath('mcf-fo-panel.png') });
});
