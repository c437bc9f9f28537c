// Steps of the seeds' flows that more than one spec goes through (a spec may not import
// another spec).
import type { Page } from '@playwright/test';
import { expect, expectAccessible, hydrated, inspect, ready, type Mode, MULLER } from './fixtures';

/** A mailbox address of its own for `person`, so that each run reads only its own mail. */
export const mailbox = (person: { email: string }) => person.email.replace('@', `+${Date.now()}${Math.floor(Math.random() * 1e6)}@`);

/** At phone width, the page never scrolls sideways: tables and forms fit or scroll in their box. */
export async function fitsTheScreen(page: Page) {
  const width = page.viewportSize()?.width ?? 0;
  if (width > 400) return;
  const url = page.url();
  await inspect(page, async (page) => {
    // what reaches past the screen's right edge, tables aside (they scroll in their own box)
    const wide = await page.locator('body *').evaluateAll((elements, width) => elements
      .filter((e) => e.getBoundingClientRect().right > width + 1 && e.closest('table') === null)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`), width);
    expect(wide, `${url} scrolls sideways`).toEqual([]);
    // and nothing else makes the page wider (text hidden for screen readers in a table, seen once)
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${url} is wider than the screen`).toBeLessThanOrEqual(width + 1);
  });
}

/** No typed value in the address the browser shows. */
export function addressHoldsNone(page: Page, typed: string[]) {
  const address = decodeURIComponent(page.url());
  for (const value of typed) expect(address, 'a typed value in the address').not.toContain(value);
}

/** Seed 000 steps 5–9: "Ajouter un utilisateur", both steps, to "Invitation envoyée.". */
export async function invite(page: Page, mode: Mode, home: string, who: { name: string; ssn: string; email: string }) {
  const email = mailbox(who);
  const [given, family] = who.name.split(' ');
  await page.goto(`${home}/profile/users`);
  await ready(page, mode);
  await fitsTheScreen(page);
  await page.getByRole('link', { name: 'Ajouter un utilisateur' }).click();
  await ready(page, mode);
  // step 1, a starred field left empty: said next to it, nothing typed lost
  await page.getByRole('textbox', { name: /^Prénom/ }).fill(given);
  await page.getByRole('textbox', { name: /^E-mail/ }).fill(email);
  await page.getByRole('button', { name: 'Suivant' }).click();
  await expect(page.locator('#field-family_name-error')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByRole('textbox', { name: /^E-mail/ })).toHaveValue(email);
  await page.getByRole('textbox', { name: /^Nom/ }).fill(family);
  await page.getByRole('button', { name: 'Suivant' }).click();
  // step 2
  await page.getByRole('textbox', { name: /^Numéro SSN du certificat/ }).fill(who.ssn);
  await page.getByRole('radio', { name: 'Uniquement avec le certificat dont vous avez indiqué le numéro SSN' }).check();
  await page.getByRole('radio', { name: 'Gestionnaire' }).check();
  // help "Adding users" and "Ajouter un utilisateur": what the inviting administrator answers for
  await expect(page.getByRole('note')).toContainText("chaque administrateur est responsable des invitations qu'il envoie");
  await expect(page.getByRole('note')).toContainText('peut accéder à toutes les informations et documents disponibles dans votre espace professionnel');
  await fitsTheScreen(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Inviter' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invitation envoyée.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: who.name })).toBeVisible();
  addressHoldsNone(page, [given, family, email, who.ssn]);
  await fitsTheScreen(page);
  return email;
}

/** From the sign-in page of `site`, "Se connecter avec un certificat" (the browser presents
 * Claire's certificate) to Muller's eSpace, hydrated. */
export async function certificateSignInToMuller(page: Page, site: string) {
  await page.getByRole('link', { name: 'Se connecter avec un certificat' }).click();
  await expect(page).toHaveURL(`${site}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Mes espaces professionnels' })).toBeVisible();
  await hydrated(page);
  await page.getByRole('link', { name: MULLER }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: MULLER })).toBeVisible();
}
