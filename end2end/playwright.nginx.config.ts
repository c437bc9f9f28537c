import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './playwright.config';

// Through Debian's nginx (deploy/nginx) in front of two app servers on PostgreSQL, all started
// by scripts/test-behind-nginx.sh, which runs this config and passes the addresses.
export const SITE = process.env.NGINX_SITE ?? 'https://localhost:3240';
export const LOGIN = process.env.NGINX_LOGIN ?? 'https://localhost:3241';
export const APP_SERVERS = (process.env.NGINX_APP_SERVERS ?? '').split(' ').filter(Boolean);
export const NGINX_PKI = process.env.NGINX_PKI ?? 'target/nginx/pki';

export default defineConfig({
  testDir: './tests',
  testMatch: /behind_nginx\.spec\.ts/,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: SITE,
    ignoreHTTPSErrors: true,
    locale: 'fr-FR',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM,
  },
});
