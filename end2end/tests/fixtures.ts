import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { MAILDIR } from '../playwright.config';

const PYTHON = 'target/python/bin/python';

/**
 * How a project's browser meets the app (`use: { mode }` in playwright.config.ts):
 * - `hydrated`: JavaScript on; tests wait for the WebAssembly where they need it;
 * - `no-js`: JavaScript disabled: every flow with server-rendered HTML and plain form posts;
 * - `early`: JavaScript on, but each page's WebAssembly is held until the first action on that
 *   page (a form posted, a link or button followed): every first click or submit happens
 *   before the app has hydrated, as on a slow connection.
 */
export type Mode = 'hydrated' | 'no-js' | 'early';

/**
 * Every test fails on a console error, an uncaught page error or a Content Security Policy
 * violation (reported through the page's own `securitypolicyviolation` event).
 */
export const test = base.extend<{ consoleErrors: string[]; mode: Mode; heldWasm: void; addresses: void }>({
  mode: ['hydrated', { option: true }],
  // no personal data or secret in any address the browser asks for: the request lines a server
  // or a proxy logs, the history, the Referer sent elsewhere
  addresses: [
    async ({ context }, use) => {
      const asked: string[] = [];
      context.on('request', (request) => asked.push(request.url()));
      await use();
      const leaks = asked.filter(leaksPersonalData);
      expect(leaks, 'addresses holding an email, an SSN or an access code').toEqual([]);
    },
    { auto: true },
  ],
  heldWasm: [
    async ({ page, mode }, use) => {
      if (mode === 'early') await holdWasm(page);
      await use();
    },
    { auto: true },
  ],
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

/**
 * Whether an address holds what a person typed that identifies them or opens a door: an email
 * address, a 20-digit SSN, an access code (in its query: ids in a path are the app's own).
 */
export function leaksPersonalData(address: string): boolean {
  const url = new URL(address);
  const query = decodeURIComponent(url.search.replace(/\+/g, ' '));
  // an SSN is 20 digits, spaces aside, standing alone: the app's hex ids may hold such a run
  const ssn = /(^|[^0-9a-f])(\d\s*){19}\d($|[^0-9a-f])/i.test(query);
  return decodeURIComponent(url.pathname).includes('@') || query.includes('@')
    || ssn || /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/i.test(query);
}

/**
 * Runs `check` on the page as it is now. Without JavaScript nothing can run in the page itself:
 * the same HTML (its scripts taken out) is then checked in a page that may run a script, at
 * the same address and size, with the same styles.
 */
export async function inspect(page: Page, check: (page: Page) => Promise<void>) {
  if (base.info().project.use.javaScriptEnabled !== false) return check(page);
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/g, '');
  const context = await page.context().browser()!.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
  try {
    const copy = await context.newPage();
    await copy.route(page.url(), (route) => route.fulfill({ body: html, contentType: 'text/html' }));
    await copy.goto(page.url());
    await check(copy);
  } finally {
    await context.close();
  }
}

/** WCAG 2.1 AA, as axe-core checks it, on the page as it is now. */
export async function expectAccessible(page: Page) {
  const url = page.url();
  await inspect(page, (page) => expectAxeFinds(page, url));
}

async function expectAxeFinds(page: Page, url: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${url}`).toEqual([]);
}

/** Waits until the WebAssembly has hydrated the page (the app marks <body> then). */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

/**
 * Holds every request of `page` for the WebAssembly until the page that asked for it is acted
 * on: a form posted or a new page asked for (a page left before then never hydrates). With
 * `untilReleased`, until the function it answers is called instead.
 */
export async function holdWasm(page: Page, options: { untilReleased?: boolean } = {}): Promise<() => void> {
  let release = () => {};
  let released = Promise.resolve();
  const hold = () => { released = new Promise<void>((resolve) => { release = resolve; }); };
  hold();
  if (!options.untilReleased) {
    page.on('request', (request) => {
      if (request.frame() !== page.mainFrame()) return;
      // the GET a 303 leads to belongs to the post that asked for it: were it an action of
      // its own, it could release the new page's wasm whenever its event comes after the
      // wasm request (seen once in CI)
      if (request.redirectedFrom() !== null) return;
      if (request.method() === 'POST' || request.isNavigationRequest()) {
        release();
        // the page the navigation brings is held again
        if (request.isNavigationRequest()) hold();
      }
    });
  }
  await page.unroute('**/pkg/*.wasm');
  await page.route('**/pkg/*.wasm', async (route) => {
    await released;
    await route.continue().catch(() => { /* the page was left meanwhile */ });
  });
  return () => release();
}

/** A tab of the eSpace profile: a link of its navigation, in any of the three languages. */
export function tab(page: Page, name: string) {
  return page.getByRole('navigation', { name: /^(Sections du profil|Bereiche des Profils|Profile sections)$/ })
    .getByRole('link', { name, exact: true });
}

/** In the hydrated mode, waits for the WebAssembly; in the others, the page is ready as it is. */
export async function ready(page: Page, mode: Mode) {
  if (mode === 'hydrated') await hydrated(page);
}

// Demo certificates (src/server/demo.rs)
/** A file whose content is a PDF, the smallest the portal takes as one. */
export const PDF = { name: 'bail.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') };
/** A Windows program named as a PDF: the portal reads what it is from its content. */
export const PROGRAM = { name: 'statuts.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\0\x03\0\0\0\x04\0\0\0') };

export const CLAIRE = { name: 'Claire Muller', ssn: '20481736592048173659' };
export const LAURA = { name: 'Laura Schmit', ssn: '69428573106942857310' };
export const ANNA = { name: 'Anna Becker', ssn: '73920584617392058461', email: 'anna.becker@example.lu' };
export const TOM = { name: 'Tom Reuter', ssn: '84150392768415039276', email: 'tom.reuter@example.lu' };
export const MULLER = 'Muller & Fils S.à r.l.';
export const JEAN = { name: 'Jean Weber', ssn: '31597248603159724860' };
export const MARC = { name: 'Marc Hoffmann', ssn: '58317462095831746209' };
export const FIDUCIARY = 'Fiduciaire Hoffmann S.A.';

/** Signs in through the demo login portal, as a person does (French labels). */
export async function signIn(page: Page, who: { name: string; ssn: string }) {
  await page.goto('/login');
  await page.getByRole('button', { name: `Se connecter avec le certificat ${who.ssn} de ${who.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes espaces professionnels' })).toBeVisible();
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
