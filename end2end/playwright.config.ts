import { defineConfig } from '@playwright/test';
import type { Mode } from './tests/fixtures';

// The release server on its own port and a fresh SQLite file seeded with the demo data; and a
// second one as in production: HTTPS, certificate sign-in on its login listener (the project's
// test PKI, written by `espace pki`), no demo portal.
const PORT = Number(process.env.E2E_PORT ?? 3210);
export const TLS_PORT = PORT + 1;
export const LOGIN_PORT = PORT + 2;
export const PKI = 'target/e2e-pki';
// The demo server's mail goes over SMTP to a local aiosmtpd storing it in a Maildir, where the
// tests read invitation links as a person reads them in their mailbox.
export const SMTP_PORT = PORT + 3;
export const MAILDIR = 'target/e2e-mail';

/** The volume limits of a day, raised: the suite is many days of a person's work. */
const RAISED_QUOTAS = {
  ESPACE_QUOTAS__INVITATIONS_PER_PERSON: '100000',
  ESPACE_QUOTAS__INVITATIONS_PER_ESPACE: '100000',
  ESPACE_QUOTAS__ESPACES_PER_PERSON: '100000',
  ESPACE_QUOTAS__CERTIFICATION_REQUESTS_PER_ESPACE: '100000',
};

/** Debian's Chromium, never a downloaded one (README, Toolchain notes). */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

/** A phone's screen, the narrowest the portal is built for. */
const PHONE = { viewport: { width: 360, height: 780 } };
/** The seeds' flows, run in every mode; the other tests run hydrated at desktop width. */
const SEED_FLOWS = /seed_flows\.spec\.ts/;

export default defineConfig<{ mode: Mode }>({
  testDir: './tests',
  // through nginx: its own config (playwright.nginx.config.ts), run by scripts/test-behind-nginx.sh
  testIgnore: /behind_nginx\.spec\.ts/,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'fr-FR',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM,
  },
  projects: [
    { name: 'hydrated', use: { mode: 'hydrated' } },
    { name: 'no-js', testMatch: SEED_FLOWS, use: { mode: 'no-js', javaScriptEnabled: false } },
    { name: 'early', testMatch: SEED_FLOWS, use: { mode: 'early' } },
    { name: 'phone', testMatch: SEED_FLOWS, use: { mode: 'hydrated', ...PHONE } },
    { name: 'phone-no-js', testMatch: SEED_FLOWS, use: { mode: 'no-js', javaScriptEnabled: false, ...PHONE } },
  ],
  webServer: [{
    command: `sh -c "rm -rf ${MAILDIR} && exec target/python/bin/python -m aiosmtpd -n -l 127.0.0.1:${SMTP_PORT} -c aiosmtpd.handlers.Mailbox ${MAILDIR}"`,
    cwd: '..',
    port: SMTP_PORT,
    reuseExistingServer: false,
    timeout: 30_000,
  }, {
    command: 'sh -c "rm -f target/e2e.db target/e2e.db-wal target/e2e.db-shm && exec target/release/espace"',
    cwd: '..',
    env: {
      ESPACE_DATABASE_URL: 'sqlite://target/e2e.db',
      ESPACE_SIGN_IN: 'demo',
      ESPACE_DEMO_DATA: 'true',
      ESPACE_MAIL_TRANSPORT: 'smtp',
      ESPACE_SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
      ESPACE_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      // every project's flows invite and create eSpaces as the same few people, on one server
      ...RAISED_QUOTAS,
      LEPTOS_SITE_ROOT: 'target/site',
      RUST_LOG: 'warn',
    },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  }, {
    command: `sh -c "rm -rf target/e2e-tls.db* ${PKI} && target/release/espace pki --out ${PKI} && exec target/release/espace"`,
    cwd: '..',
    env: {
      ESPACE_DATABASE_URL: 'sqlite://target/e2e-tls.db',
      ESPACE_SIGN_IN: 'certificate',
      ESPACE_DEMO_DATA: 'true',
      ESPACE_SECURE_COOKIES: 'true',
      ESPACE_PUBLIC_URL: `https://127.0.0.1:${TLS_PORT}`,
      ESPACE_TLS_CERTIFICATE: `${PKI}/server.pem`,
      ESPACE_TLS_KEY: `${PKI}/server-key.pem`,
      ESPACE_TRUST_ANCHORS: `${PKI}/authority.pem`,
      ESPACE_REVOCATION_LISTS: `${PKI}/revocation-list.pem`,
      ESPACE_LOGIN_ADDR: `127.0.0.1:${LOGIN_PORT}`,
      ...RAISED_QUOTAS,
      LEPTOS_SITE_ADDR: `127.0.0.1:${TLS_PORT}`,
      LEPTOS_SITE_ROOT: 'target/site',
      RUST_LOG: 'warn',
    },
    url: `https://127.0.0.1:${TLS_PORT}/`,
    ignoreHTTPSErrors: true,
    reuseExistingServer: false,
    timeout: 60_000,
  }],
});
