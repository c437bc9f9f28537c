import { test, expect, expectAccessible, CLAIRE } from './fixtures';
import { TLS_PORT, LOGIN_PORT, PKI } from '../playwright.config';
import { certificateSignInToMuller } from './flows';
import path from 'node:path';

// The production-like server: HTTPS, certificate sign-in on its own listener, no demo portal.
const SITE = `https://127.0.0.1:${TLS_PORT}`;
const LOGIN = `https://127.0.0.1:${LOGIN_PORT}`;
const pki = (file: string) => path.join(__dirname, '..', '..', PKI, file);

/** A browser presenting `certificate` (a file stem under the test PKI) to the login listener. */
function presenting(stem: string) {
  return {
    baseURL: SITE,
    ignoreHTTPSErrors: true,
    clientCertificates: [{ origin: LOGIN, certPath: pki(`${stem}.pem`), keyPath: pki(`${stem}-key.pem`) }],
  };
}

test.describe('with a valid certificate', () => {
  test.use(presenting(CLAIRE.ssn));

  test('signs in over mutual TLS and reaches the eSpace', async ({ page, context }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
    // production: no demo portal
    await expect(page.getByText('Portail de connexion de démonstration')).toHaveCount(0);
    await expectAccessible(page);
    await certificateSignInToMuller(page, SITE);

    const cookies = await context.cookies(SITE);
    const session = cookies.find((c) => c.name === '__Host-espace_session');
    expect(session, 'the session cookie has the __Host- prefix').toBeTruthy();
    expect(session!.secure && session!.httpOnly && session!.path === '/').toBe(true);
  });
});

test.describe('with a revoked certificate', () => {
  test.use({ ...presenting('refused/revoked'), locale: 'de-DE' });

  test('is refused with a page saying why, in the browser language', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Mit einem Zertifikat anmelden' }).click();
    await expect(page).toHaveURL(`${SITE}/login?refused=revoked`);
    const alert = page.getByRole('alert');
    await expect(alert.getByRole('heading', { name: 'Anmeldung abgelehnt' })).toBeVisible();
    await expect(alert).toContainText('Dieses Zertifikat wurde von seinem Aussteller widerrufen.');
    await expect(page.getByRole('link', { name: 'Mit einem anderen Zertifikat erneut versuchen' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe('without a certificate', () => {
  test.use({ baseURL: SITE, ignoreHTTPSErrors: true, locale: 'en-GB' });

  test('is told to present one', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Log in with a certificate' }).click();
    await expect(page).toHaveURL(`${SITE}/login?refused=no_certificate`);
    await expect(page.getByRole('alert')).toContainText('No certificate was presented.');
  });
});
