import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Every test fails on a console error or an uncaught page error. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`${msg.text()} (${msg.location().url})`);
      });
      page.on('pageerror', (err) => errors.push(err.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** WCAG 2.1 AA, as axe-core checks it, on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Waits until the WebAssembly has hydrated the page (the app marks <body> then). */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

// Demo certificates (src/server/demo.rs)
export const CLAIRE = { name: 'Claire Muller', ssn: '20481736592048173659' };
export const LAURA = { name: 'Laura Schmit', ssn: '69428573106942857310' };
export const MULLER = 'Muller & Fils S.à r.l.';

/** Signs in through the demo login portal, as a person does (French labels). */
export async function signIn(page: Page, who: { name: string; ssn: string }) {
  await page.goto('/login');
  await page.getByRole('button', { name: `Se connecter avec le certificat ${who.ssn} de ${who.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes espaces professionnels' })).toBeVisible();
}
