import { test, expect, expectAccessible, hydrated, signIn, CLAIRE } from './fixtures';

// WCAG 2.2.1: before an idle session ends, the page warns and lets the person stay signed in.
// The page's clock is moved (Playwright's clock); the server's is not, so its session lives on.

test('a warning comes before the idle session ends; "Rester connecté" keeps it', async ({ page }) => {
  await page.clock.install();
  await signIn(page, CLAIRE);
  await hydrated(page);
  const search = page.getByRole('main').getByRole('link', { name: 'Créer un espace professionnel' });
  await search.focus();
  const warning = page.getByRole('alertdialog', { name: 'Votre session va bientôt se terminer' });
  await page.clock.fastForward('23:00');
  await expect(warning).toHaveCount(0);

  await page.clock.fastForward('01:10');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/se terminera à \d\d:\d\d\./);
  await expect(warning.getByRole('button', { name: 'Rester connecté' })).toBeFocused();
  await expectAccessible(page);

  const stayed = page.waitForResponse((r) => r.url().endsWith('/api/stay_signed_in') && r.ok());
  await page.keyboard.press('Enter');
  await stayed;
  await expect(warning).toHaveCount(0);
  // focus is back where it was before the warning
  await expect(search).toBeFocused();
  // the time starts again from then
  await page.clock.fastForward('23:00');
  await expect(warning).toHaveCount(0);
});

test('once the time is over, the page says so and offers to sign in again', async ({ page }) => {
  await page.clock.install();
  await signIn(page, CLAIRE);
  await hydrated(page);
  await page.clock.fastForward('29:10');
  const ended = page.getByRole('alertdialog', { name: 'Votre session s\'est terminée' });
  await expect(ended).toBeVisible();
  await expect(ended).toContainText('déconnecté après 30 minutes sans activité');
  const again = ended.getByRole('link', { name: 'Se reconnecter' });
  await expect(again).toBeFocused();
  await expect(again).toHaveAttribute('href', '/login');
});

test('without JavaScript, the user menu says how long a session lasts', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, CLAIRE);
  await page.getByText(CLAIRE.name, { exact: true }).click();
  await expect(page.getByText('Sans activité, la session se termine après 30 minutes.')).toBeVisible();
  await context.close();
});
