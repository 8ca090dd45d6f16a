import type { Page } from '@playwright/test';

/** The navigation shell every screen lives in. */
export class ShellPage {
  constructor(readonly page: Page) {}

  nav(label: string) {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('tab', { name: label, exact: true });
  }

  async open(label: string) {
    await this.nav(label).click();
    await this.page.getByRole('heading', { level: 1, name: label }).waitFor();
  }

  /** The Dashboard's "Open demo workspace": the demo companies' starter mappings and charts put in place. */
  async openDemoWorkspace() {
    await this.page.getByRole('button', { name: 'Open demo workspace' }).click();
    await this.page.getByTestId('demo-opened').waitFor();
  }
}
