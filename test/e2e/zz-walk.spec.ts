import { test } from './fixtures';
import { SettlementsPage } from './pages/settlements-page';
import { ShellPage } from './pages/shell-page';
test.use({ demo: true });
const SCREENS = ['Dashboard', 'Settlements', 'Review', 'Needs attention', 'Orders', 'Listings & inventory', 'Reports', 'Jobs'];
test('walk', async ({ app }) => {
  test.setTimeout(300_000);
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const shell = new ShellPage(page);
  const settlements = new SettlementsPage(page);
  await settlements.open();
  await settlements.importNew();
  const dir = process.env.WALK_DIR ?? '/tmp/s7/walk';
  for (const screen of SCREENS) {
    await shell.open(screen);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    const slug = screen.toLowerCase().replace(/\W+/g, '-');
    const report = await page.getByRole('main').evaluate((m) => {
      const mr = m.getBoundingClientRect();
      const out: string[] = [];
      const desc = (e: Element) => `${e.tagName.toLowerCase()}${e.getAttribute('role') ? `[${e.getAttribute('role')}]` : ''}${e.getAttribute('aria-label') ? `"${e.getAttribute('aria-label')}"` : ''} "${(e.textContent ?? '').trim().slice(0, 60)}"`;
      for (const e of m.querySelectorAll('*')) {
        const cs = getComputedStyle(e);
        const r = e.getBoundingClientRect();
        if (r.width === 0) continue;
        if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) out.push(`hscroll/clip ${cs.overflowX} ${e.scrollWidth}>${e.clientWidth}: ${desc(e)}`);
        if (r.right > mr.right + 1 && e.children.length === 0) out.push(`past right edge ${Math.round(r.right)}: ${desc(e)}`);
      }
      return { height: m.scrollHeight, issues: [...new Set(out)].slice(0, 40) };
    });
    console.log(`== ${screen} height ${report.height}\n${report.issues.join('\n')}`);
    const main = page.getByRole('main');
    for (let i = 0, y = 0; i < 4 && y < report.height; i++, y += 700) {
      await main.evaluate((m, yy) => m.scrollTo(0, yy), y);
      await page.screenshot({ path: `${dir}/${slug}-${i}.png` });
    }
    await main.evaluate((m) => m.scrollTo(0, 0));
  }
});
