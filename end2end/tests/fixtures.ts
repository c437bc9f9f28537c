import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { MAILDIR } from '../playwright.config';

const PYTHON = 'target/python/bin/python';

/**
 * Every test fails on a console error, an uncaught page error or a Content Security Policy
 * violation (reported through the page's own `securitypolicyviolation` event).
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`${msg.text()} (${msg.location().url}, on ${page.url()})`);
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
export const ANNA = { name: 'Anna Becker', ssn: '73920584617392058461', email: 'anna.becker@example.lu' };
export const TOM = { name: 'Tom Reuter', ssn: '84150392768415039276', email: 'tom.reuter@example.lu' };
export const MULLER = 'Muller & Fils S.à r.l.';
export const MARC = { name: 'Marc Hoffmann', ssn: '58317462095831746209' };
export const FIDUCIARY = 'Fiduciaire Hoffmann S.A.';

/** Signs in through the demo login portal, as a person does (French labels). */
export async function signIn(page: Page, who: { name: string; ssn: string }) {
  await page.goto('/login');
  await page.getByRole('button', { name: `Se connecter avec le certificat ${who.ssn} de ${who.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes espaces professionnels' })).toBeVisible();
}

/**
 * Clicks a button of a part of the page that hydrates after the rest (inside a `<Suspense>`),
 * until what it opens is there: a click on the server-rendered button before then does nothing.
 */
export async function clickUntil(button: Locator, opened: Locator) {
  await expect(async () => {
    await button.click();
    await expect(opened).toBeVisible({ timeout: 1_000 });
  }).toPass();
}

/** Signs in with a certificate in whatever language the page is in. */
export async function signInWith(page: Page, who: { ssn: string }) {
  await page.goto('/login');
  await page.getByRole('button', { name: new RegExp(who.ssn) }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** Creates a business eSpace of its own for a test (any language), answering its address. */
export async function createEspace(page: Page, name: string): Promise<string> {
  await page.goto('/espaces/new');
  await hydrated(page);
  await page.locator('#field-name').fill(name);
  await page.locator('main form button[type="submit"]').click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname;
}

/**
 * The newest invitation link mailed to `email`, read from the mailbox the demo server's SMTP
 * delivers to (the outbox keeps no link once a message is sent); waits for its delivery, and
 * with `after`, for a link other than that one.
 */
export async function invitationLink(email: string, after?: string): Promise<string> {
  const script =
    'import email, os, re, sys\n' +
    'box = os.path.join(sys.argv[2], "new")\n' +
    'found = []\n' +
    'for name in (os.listdir(box) if os.path.isdir(box) else []):\n' +
    '    path = os.path.join(box, name)\n' +
    '    with open(path, "rb") as f: message = email.message_from_binary_file(f)\n' +
    '    if sys.argv[1] not in message.get("To", ""): continue\n' +
    '    body = message.get_payload(decode=True).decode("utf-8")\n' +
    '    link = re.search(r"/invitation/[0-9a-f]{64}", body)\n' +
    '    if link: found.append((os.path.getmtime(path), name, link.group(0)))\n' +
    'print(max(found)[2] if found else "")\n';
  let link = '';
  await expect(async () => {
    link = execFileSync(PYTHON, ['-c', script, email, MAILDIR], { cwd: '..' }).toString().trim();
    expect(link, `an invitation mailed to ${email}`).not.toBe('');
    if (after) expect(link, 'a newer invitation').not.toBe(after);
  }).toPass({ timeout: 15_000 });
  return link;
}
