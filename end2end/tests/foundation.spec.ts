import { test, expect, expectAccessible, hydrated, signIn, CLAIRE, LAURA, MULLER, tab } from './fixtures';

test('signs in through the demo portal and shows the SSN under "User" in the name menu', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Portail de connexion de démonstration' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Claire Muller/ }).first()).toContainText('LuxTrust Smartcard');
  await expectAccessible(page);

  await signIn(page, CLAIRE);
  await expect(page.getByRole('link', { name: MULLER })).toBeVisible();
  await expectAccessible(page);

  const menu = page.locator('details.user-menu');
  await menu.getByText(CLAIRE.name).click();
  await expect(menu.getByText('Utilisateur', { exact: true })).toBeVisible();
  await expect(menu.locator('dd.ssn')).toHaveText(CLAIRE.ssn);
  await expectAccessible(page);

  await menu.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bienvenue' })).toBeVisible();
});

test('switches FR → DE → EN and back, and the choice survives a reload', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue');

  await page.getByRole('button', { name: 'DE', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('link', { name: 'Anmelden' }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'DE', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page);

  await hydrated(page);
  await page.getByRole('button', { name: 'FR', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue');
});

test.describe('a first visit with a German browser', () => {
  test.use({ locale: 'de-DE' });
  test('is in German', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen');
    await expectAccessible(page);
  });
});

test.describe('a first visit with a Spanish browser', () => {
  test.use({ locale: 'es-ES' });
  test('is in French', async ({ page }) => {
    await page.goto('/');
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue');
  });
});

test('creates a business eSpace and reaches its three tabs by clicking', async ({ page }) => {
  const name = `Schmit Conseil ${Date.now()}`;
  await signIn(page, LAURA);
  await expect(page.getByText("Vous n'avez encore accès à aucun espace professionnel.")).toBeVisible();
  await page.getByRole('link', { name: 'Créer un espace professionnel' }).last().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Créer un espace professionnel' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // validated in the browser, before any request: an empty name is refused next to the field
  await page.getByRole('button', { name: 'Créer' }).click();
  const nameField = page.getByLabel("Nom de l'espace professionnel");
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-name-error')).toHaveText('Ce champ est obligatoire.');
  await expectAccessible(page);

  await nameField.fill(name);
  await expect(nameField).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Langue de toutes les démarches').selectOption('de');
  await page.getByRole('button', { name: 'Créer' }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Votre rôle : Administrateur')).toBeVisible();
  await expectAccessible(page);
  // the header's switch knows the new eSpace
  await expect(page.locator('details.espace-switch summary')).toContainText(name);

  await page.getByRole('link', { name: "Mon profil d'espace" }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Mon profil d'espace" })).toBeVisible();
  await expect(tab(page, 'Signalétique')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Dénomination et identification' })).toBeVisible();
  await expect(page.getByText('Deutsch')).toBeVisible();
  await expect(page.getByText('Non renseigné').first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: "Fil d'Ariane" })).toContainText(`${name} – Signalétique`);
  await expectAccessible(page);

  await tab(page, 'Utilisateurs').click();
  await expect(tab(page, 'Utilisateurs')).toHaveAttribute('aria-current', 'page');
  const row = page.getByRole('row', { name: /Laura Schmit/ });
  await expect(row).toContainText('Administrateur');
  await expect(row).toContainText('Actif');
  await expect(page).toHaveURL(/\/profile\/users$/);
  await expectAccessible(page);

  await tab(page, 'Certifications').click();
  await expect(page.getByText("Cet espace n'est certifié pour aucun domaine.")).toBeVisible();
  await expect(page.getByRole('heading', { name: "Enregistrement des codes d'accès" })).toBeVisible();
  await expect(page).toHaveURL(/\/profile\/certifications$/);
  await expectAccessible(page);

  await tab(page, 'Signalétique').click();
  await expect(page.getByRole('heading', { name: 'Langue de toutes les démarches' })).toBeVisible();
});

test('an unknown address is a translated 404 page', async ({ page, consoleErrors }) => {
  const response = await page.goto('/nothing/here');
  expect(response?.status()).toBe(404);
  // Chromium logs the page's own 404 status: expected here, and only that one
  expect(consoleErrors.splice(0)).toEqual([
    expect.stringContaining('status of 404 (Not Found) (http://127.0.0.1'),
  ]);
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expectAccessible(page);
});

test('the WebAssembly, script and style are served compressed as the browser accepts them', async ({ page, request }) => {
  const wasm = page.waitForResponse((response) => response.url().endsWith('/pkg/espace.wasm'));
  await page.goto('/');
  await hydrated(page);
  // what Chromium itself asks for and gets (brotli, or gzip where it does not offer brotli)
  expect(['br', 'gzip']).toContain(await (await wasm).headerValue('content-encoding'));
  for (const file of ['espace.wasm', 'espace.js', 'espace.css']) {
    for (const encoding of ['br', 'gzip']) {
      const response = await request.get(`/pkg/${file}`, { headers: { 'accept-encoding': encoding } });
      expect(response.status(), `${file} ${encoding}`).toBe(200);
      expect(response.headers()['content-encoding'], `${file} ${encoding}`).toBe(encoding);
    }
    const plain = await request.get(`/pkg/${file}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers()['content-encoding'], file).toBeUndefined();
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  // The language is switched before signing in, as Claire, who has no saved language: the
  // choice then stays this browser's (its cookie). Switched while signed in, it would be saved
  // as the person's own, and other tests signing in as that person would get its pages in it.
  test('the pages are readable and sign-in, language switch and tabs work', async ({ page }) => {
    await page.goto('/login');
    // the language buttons post a form, and the page comes back in German
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await page.getByRole('button', { name: `Mit dem Zertifikat ${CLAIRE.ssn} von ${CLAIRE.name} anmelden` }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Meine Unternehmens-eSpaces' })).toBeVisible();

    await page.getByRole('link', { name: MULLER }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: MULLER })).toBeVisible();
    await page.getByRole('link', { name: 'Mein eSpace-Profil' }).click();
    await tab(page, 'Benutzer').click();
    await expect(tab(page, 'Benutzer')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('row', { name: /Jean Weber/ })).toContainText('Verwalter');
    await expect(page.getByRole('row', { name: /Sophie Klein/ })).toContainText('Ohne Unterschrift');
    // (axe needs JavaScript in the page: the same pages are checked in the tests above)
  });
});
