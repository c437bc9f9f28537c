import { request as http } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, CLAIRE, ANNA } from './fixtures';
import { certificateSignInToMuller, invite } from './flows';
import { SITE, LOGIN, APP_SERVERS, NGINX_PKI } from '../playwright.nginx.config';

// The deployment kit as an operator installs it: nginx terminates TLS, asks for the certificate
// on the sign-in address, forwards it, and spreads the requests over two app servers on one
// PostgreSQL database (scripts/test-behind-nginx.sh).
const pki = (file: string) => path.join(__dirname, '..', '..', NGINX_PKI, file);

test.describe('with Claire\'s certificate', () => {
  test.use({
    clientCertificates: [{ origin: LOGIN, certPath: pki(`${CLAIRE.ssn}.pem`), keyPath: pki(`${CLAIRE.ssn}-key.pem`) }],
  });

  test('signs in through nginx and invites a user, on either server', async ({ page }) => {
    await page.goto('/login');
    await certificateSignInToMuller(page, SITE);
    const home = new URL(page.url()).pathname;
    // help "Adding users": "Ajouter un utilisateur", through its forms (each post to either server)
    await invite(page, 'hydrated', home, ANNA);
  });
});

test('nginx compresses the pages', async () => {
  const client = await http.newContext({ ignoreHTTPSErrors: true });
  const page = await client.get(`${SITE}/login`, { headers: { 'accept-encoding': 'gzip' } });
  expect(page.status()).toBe(200);
  expect(page.headers()['content-encoding']).toBe('gzip');
  expect(await page.text()).toContain('Se connecter avec un certificat');
  await client.dispose();
});

test('a certificate header that bypasses nginx, or is sent through it, signs nobody in', async () => {
  const forged = { 'x-client-certificate': encodeURIComponent(readFileSync(pki(`${CLAIRE.ssn}.pem`), 'utf8')) };
  const client = await http.newContext({ ignoreHTTPSErrors: true });
  const refusedAt = (reply: { status(): number; headers(): Record<string, string> }) =>
    [reply.status(), new URL(reply.headers()['location'] ?? '', SITE).pathname + new URL(reply.headers()['location'] ?? '', SITE).search];
  // straight to each app server, from the proxy's own address, without the proxy's secret
  expect(APP_SERVERS.length).toBe(2);
  for (const server of APP_SERVERS) {
    for (const headers of [forged, { ...forged, 'espace-proxy-secret': 'a-guess-that-is-not-the-secret-0000' }]) {
      const reply = await client.get(`${server}/certificate/sign-in`, { headers, maxRedirects: 0 });
      expect(refusedAt(reply), server).toEqual([303, '/login?refused=no_certificate']);
    }
  }
  // through nginx: on the site the header is removed, on the sign-in address it is replaced by
  // the certificate of the handshake (none here)
  for (const origin of [SITE, LOGIN]) {
    const reply = await client.get(`${origin}/certificate/sign-in`, { headers: forged, maxRedirects: 0 });
    expect(refusedAt(reply), origin).toEqual([303, '/login?refused=no_certificate']);
  }
  await client.dispose();
});
