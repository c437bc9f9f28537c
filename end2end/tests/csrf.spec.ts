import { test, expect, signIn, CLAIRE, MULLER } from './fixtures';

// A page on another site, open in the same browser as a signed-in administrator, posts a form
// to the portal on load: the portal refuses it and nothing changes.
test('a page on another site cannot act for the signed-in person', async ({ page, baseURL, consoleErrors }) => {
  await signIn(page, CLAIRE);
  await expect(page.getByRole('link', { name: MULLER })).toHaveCount(1);

  await page.route('http://attacker.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!DOCTYPE html><title>Gagnez un voyage</title>
        <form method="post" action="${baseURL}/api/create_espace">
          <input name="name" value="Espace piraté"><input name="procedure_language" value="fr">
        </form>
        <script>document.forms[0].submit()</script>`,
    }),
  );
  const forged = page.waitForResponse((r) => r.url().endsWith('/api/create_espace'));
  await page.goto('http://attacker.test/');
  expect((await forged).status()).toBe(403);

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Mes espaces professionnels' })).toBeVisible();
  await expect(page.getByRole('link', { name: MULLER })).toHaveCount(1);
  await expect(page.getByText('Espace piraté')).toHaveCount(0);
  // the refused post's own page reports its status in the console
  const refused = consoleErrors.findIndex((e) => e.includes('403'));
  if (refused >= 0) consoleErrors.splice(refused, 1);
});
