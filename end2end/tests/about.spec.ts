import { test, expect, expectAccessible } from './fixtures';

// The footer of every page and the portal's own pages: accessibility statement, privacy notice,
// legal notice, help and contact; in the three languages, before signing in, without the script
// and at phone width.

test('the footer leads to the accessibility statement and the help contact', async ({ page }) => {
  await page.goto('/login');
  const footer = page.getByRole('navigation', { name: 'Informations sur le portail' });
  for (const name of ['Accessibilité', 'Protection des données', 'Mentions légales', 'Aide et contact']) {
    await expect(footer.getByRole('link', { name })).toBeVisible();
  }
  await footer.getByRole('link', { name: 'Accessibilité' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Déclaration d'accessibilité" })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('WCAG 2.2');
  await expect(page).toHaveTitle(/Déclaration d'accessibilité/);
  await expectAccessible(page);
  await footer.getByRole('link', { name: 'Aide et contact' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aide et contact' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'support@espace.example' })).toHaveAttribute('href', 'mailto:support@espace.example');
});

test.describe('in German, without the script, on a phone', () => {
  test.use({ locale: 'de-DE', javaScriptEnabled: false, viewport: { width: 360, height: 780 } });

  test('the legal notice and the privacy notice read in German', async ({ page }) => {
    await page.goto('/');
    const footer = page.getByRole('navigation', { name: 'Informationen zum Portal' });
    await footer.getByRole('link', { name: 'Impressum' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Impressum' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('kein offizieller Dienst');
    await footer.getByRole('link', { name: 'Datenschutz' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Datenschutzerklärung' })).toBeVisible();

  });
});

test.describe('in English, on a phone', () => {
  test.use({ locale: 'en-GB', viewport: { width: 360, height: 780 } });

  test('an unknown page is not found', async ({ page }) => {
    // asked without the browser, which would report the 404 in its console
    expect((await page.request.get('/about/admin')).status()).toBe(404);
    await page.goto('/');
    await page.getByRole('navigation', { name: 'About the portal' }).getByRole('link', { name: 'Privacy' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Privacy notice' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling').toBeLessThanOrEqual(361);
    await expectAccessible(page);
  });
});
