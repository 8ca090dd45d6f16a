// Every screen of the demo at the two window sizes an accountant uses most, as screenshots to look at
// (test-results/, never committed), with the checks that catch what a look found wrong before.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SettlementsPage } from './pages/settlements-page';
import { ShellPage } from './pages/shell-page';

test.use({ demo: true });

const SIZES = [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }] as const;
const SCREENS = [
  'Dashboard', 'Settlements', 'Review', 'Needs attention', 'Mappings', 'Orders', 'Listings & inventory', 'Vendor Central', 'Connections', 'Jobs', 'Reports', 'Audit log', 'Settings',
] as const;
const DE = '24137000002';

/** Badges whose text is cut (wider than the badge shows). */
async function truncatedBadges(page: Page): Promise<string[]> {
  return page.locator('main .fui-Badge').evaluateAll((badges) => badges.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent ?? ''));
}

/** Column headings and cells whose text runs past their column (drawn over the next one, or cut). */
async function overflowingCells(page: Page): Promise<string[]> {
  return page.locator('main th, main td').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => (c.textContent ?? '').trim().slice(0, 40)));
}

/** Until nothing on the screen is still loading (waiting for the network to go idle hangs on a screen that polls). */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('main [role="progressbar"], main .fui-Spinner')).toHaveCount(0);
}

/**
 * Buttons and fields that run past the right edge of the page, or out of their own field's box into the
 * next one (a form grid whose columns got narrower than its inputs); a scrolling table's contents excepted.
 */
async function controlsOutOfPlace(page: Page): Promise<string[]> {
  return page.locator('main').evaluate((main) => {
    const edge = main.getBoundingClientRect().right;
    const scrolls = (el: Element) => { for (let e = el.parentElement; e && e !== main; e = e.parentElement) if (/(auto|scroll)/.test(getComputedStyle(e).overflowX)) return true; return false; };
    const name = (el: Element) => (el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('placeholder') ?? el.tagName).trim().slice(0, 40);
    const out: string[] = [];
    for (const el of main.querySelectorAll('button, input, select, textarea')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || scrolls(el)) continue;
      if (r.right > edge + 1) out.push(`${name(el)} past the page's edge`);
      const field = el.closest('.fui-Field');
      if (field && r.right > field.getBoundingClientRect().right + 1) out.push(`${name(field.querySelector('label') ?? el)} wider than its field`);
    }
    return out;
  });
}

test('at 1024×768 no screen\'s buttons or fields run past the page or over each other', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const shell = new ShellPage(page);
  await page.setViewportSize({ width: 1024, height: 768 });
  for (const screen of SCREENS) {
    await shell.open(screen);
    await settled(page);
    await page.screenshot({ path: test.info().outputPath(`1024-${screen.toLowerCase().replace(/\W+/g, '-')}.png`), fullPage: true });
    expect.soft(await controlsOutOfPlace(page), `${screen} at 1024`).toEqual([]);
  }
});

test('every screen of the demo at 1280×800 and 1920×1080', async ({ app }) => {
  test.setTimeout(240_000);
  const { page } = app;
  const shell = new ShellPage(page);
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await settlements.importNew();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const screen of SCREENS) {
      await shell.open(screen);
      await settled(page);
      await page.screenshot({ path: test.info().outputPath(`${size.width}-${screen.toLowerCase().replace(/\W+/g, '-')}.png`), fullPage: true });
      expect(await truncatedBadges(page), `${screen} at ${size.width}`).toEqual([]);
      // Vendor Central's purchase-order table is being reworked apart from this walk.
      if (screen !== 'Vendor Central') expect.soft(await overflowingCells(page), `cells of ${screen} at ${size.width}`).toEqual([]);
    }
    await settlements.open();
    await settlements.openPreview(DE);
    await expect(settlements.journalDocument(1)).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`${size.width}-preview.png`) });
    await page.getByRole('main').evaluate((m) => m.scrollTo(0, m.scrollHeight / 2));
    await page.screenshot({ path: test.info().outputPath(`${size.width}-preview-chart.png`) });
    // The chart's labels stay left of the zero line: none runs into a bar.
    const overlaps = await page.locator('[data-testid="bar-chart"] g[data-bar]').evaluateAll((groups) =>
      groups.filter((g) => {
        const [label, bar] = [g.querySelector('text'), g.querySelector('rect')];
        return label && bar && label.getBoundingClientRect().right > bar.getBoundingClientRect().left + 1 && g.getAttribute('data-amount')!.startsWith('-') === false;
      }).map((g) => g.getAttribute('data-bar')));
    expect(overlaps).toEqual([]);
  }
});
