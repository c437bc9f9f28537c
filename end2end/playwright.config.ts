import { defineConfig } from '@playwright/test';

// The release server on its own port and a fresh SQLite file seeded with the demo data.
const PORT = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'fr-FR',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'sh -c "rm -f target/e2e.db target/e2e.db-wal target/e2e.db-shm && exec target/release/espace"',
    cwd: '..',
    env: {
      ESPACE_DATABASE_URL: 'sqlite://target/e2e.db',
      ESPACE_SIGN_IN: 'demo',
      ESPACE_DEMO_DATA: 'true',
      LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
      LEPTOS_SITE_ROOT: 'target/site',
      RUST_LOG: 'warn',
    },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
