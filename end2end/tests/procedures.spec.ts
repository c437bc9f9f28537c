import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { test, expect, expectAccessible, hydrated, signInWith, createEspace, CLAIRE, MARC, MULLER, FIDUCIARY, PDF, tab } from './fixtures';

const unique = (what: string) => `${what} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** The back office, as an operator runs it. */
function backOffice(...args: string[]): string {
  return execFileSync('target/release/espace', args, {
    cwd: '..',
    env: { ...process.env, ESPACE_DATABASE_URL: 'sqlite://target/e2e.db', BACK_OFFICE_OPERATOR: 'demo' },
  }).toString();
}

const LABELS = {
  fr: {
    locale: 'fr-FR', tile: 'Mes démarches', new: '+ Nouvelle démarche', address: "Changement d'adresse du siège social",
    start: 'Commencer la démarche', street: 'Numéro et rue', postcode: 'Code postal', locality: 'Localité',
    moved: 'Date du transfert', postcodeError: 'Saisissez un code postal luxembourgeois', saved: 'Enregistrée',
    sign: 'Signer', signedBy: 'Signée par', submit: 'Soumettre', summary: 'Récapitulatif de la démarche DEM-',
    drafts: 'En préparation', submitted: 'Soumises',
    receipt: 'Accusé de réception en PDF',
    proof: 'Justificatif de la nouvelle adresse', attachNew: 'Ou ajouter un nouveau document', attachButton: 'Ajouter et joindre',
  },
  de: {
    locale: 'de-DE', tile: 'Meine Verfahren', new: '+ Neues Verfahren', address: 'Änderung der Anschrift des Gesellschaftssitzes',
    start: 'Verfahren beginnen', street: 'Hausnummer und Straße', postcode: 'Postleitzahl', locality: 'Ortschaft',
    moved: 'Datum der Verlegung', postcodeError: 'Geben Sie eine luxemburgische Postleitzahl', saved: 'Gespeichert',
    sign: 'Unterzeichnen', signedBy: 'Unterzeichnet von', submit: 'Einreichen', summary: 'Zusammenfassung des Verfahrens DEM-',
    drafts: 'In Vorbereitung', submitted: 'Eingereicht',
    receipt: 'Eingangsbestätigung als PDF',
    proof: 'Nachweis der neuen Anschrift', attachNew: 'Oder ein neues Dokument hinzufügen', attachButton: 'Hinzufügen und beifügen',
  },
  en: {
    locale: 'en-GB', tile: 'My procedures', new: '+ New procedure', address: 'Change of registered office address',
    start: 'Start the procedure', street: 'Number and street', postcode: 'Postcode', locality: 'Locality',
    moved: 'Date of the move', postcodeError: 'Enter a Luxembourg postcode', saved: 'Saved',
    sign: 'Sign', signedBy: 'Signed by', submit: 'Submit', summary: 'Summary of procedure DEM-',
    drafts: 'In preparation', submitted: 'Submitted',
    receipt: 'Acknowledgement of receipt as PDF',
    proof: 'Proof of the new address', attachNew: 'Or add a new document', attachButton: 'Add and attach',
  },
};
type Labels = (typeof LABELS)['fr'];

/** From an eSpace's home: "+ New procedure", the change of address, for whom (by default
 *  "for myself"), then the form. `ui` is the reader's language, `form` the procedure's. */
async function startAddressChange(page: Page, ui: Labels, form: Labels, principal?: RegExp) {
  await page.getByRole('link', { name: ui.new }).first().click();
  await expect(page.getByRole('link', { name: ui.address })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: ui.address }).click();
  await hydrated(page);
  if (principal) await page.getByRole('radio', { name: principal }).check();
  await page.getByRole('button', { name: ui.start }).click();
  await expect(page.getByRole('heading', { level: 1, name: form.address })).toBeVisible();
  await hydrated(page);
  // the proof first: adding a file posts it with the page, which then comes back
  await page.getByLabel(ui.attachNew).setInputFiles(PDF);
  await page.getByRole('button', { name: ui.attachButton }).click();
  await expect(page.getByRole('combobox', { name: new RegExp(`^${form.proof}`) })).toHaveValue(/./);
  await hydrated(page);
}

/** Fills the change of address, a wrong postcode first; waits for the autosave. */
async function fillAddress(page: Page, ui: Labels, form: Labels) {
  await page.getByRole('textbox', { name: form.street }).fill('12, rue de la Gare');
  const postcode = page.getByRole('textbox', { name: form.postcode });
  await postcode.fill('12');
  await expect(postcode).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-postcode-error')).toContainText(ui.postcodeError);
  await postcode.fill('1616');
  await expect(postcode).toHaveAttribute('aria-invalid', 'false');
  await page.getByRole('textbox', { name: form.locality }).fill('Luxembourg');
  await page.getByLabel(form.moved).fill('2027-01-31');
  // "Saved — …", not "Saving…" (in German both say "gespeichert")
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`^${ui.saved}`) })).toBeVisible();
}

for (const [language, L] of Object.entries(LABELS)) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: L.locale });

    test(`a procedure filled, kept over a reload, signed and submitted, in ${language}`, async ({ page }) => {
      await signInWith(page, CLAIRE);
      const home = await createEspace(page, unique(`Démarches ${language}`));
      await page.goto(home);
      await hydrated(page);
      await startAddressChange(page, L, L);
      await fillAddress(page, L, L);
      await expectAccessible(page);
      // autosaved: a reload shows what was typed
      await page.reload();
      await hydrated(page);
      await expect(page.getByRole('textbox', { name: L.locality })).toHaveValue('Luxembourg');
      await expect(page.getByRole('textbox', { name: L.postcode })).toHaveValue('L-1616');
      await page.getByRole('button', { name: L.sign, exact: true }).click();
      await expect(page.getByText(L.signedBy)).toBeVisible();
      await page.getByRole('button', { name: L.submit }).click();
      await expect(page.getByRole('heading', { name: L.summary })).toBeVisible();
      await expectAccessible(page);
      // the receipt, written on the server in the procedure's language
      const receipt = await page.request.get((await page.getByRole('link', { name: L.receipt }).getAttribute('href'))!);
      expect(receipt.headers()['content-type']).toBe('application/pdf');
      expect((await receipt.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await page.goto(`${home}/procedures`);
      await expect(page.getByRole('region', { name: L.submitted }).getByRole('link', { name: L.address })).toBeVisible();
    });
  });
}

test('a manager creates, signs and submits (German)', async ({ page }) => {
  // Jean Weber, manager at Muller, reads German; Muller's procedures are in French
  await signInWith(page, { ssn: '31597248603159724860' });
  await page.getByRole('main').getByRole('link', { name: MULLER }).click();
  await hydrated(page);
  await startAddressChange(page, LABELS.de, LABELS.fr);
  await expect(page.getByText('Sprache des Verfahrens: Français')).toBeVisible();
  await fillAddress(page, LABELS.de, LABELS.fr);
  await page.getByRole('button', { name: 'Unterzeichnen' }).click();
  await expect(page.getByText('Unterzeichnet von Jean Weber')).toBeVisible();
  await page.getByRole('button', { name: 'Einreichen' }).click();
  // the summary is in the procedure's language
  await expect(page.getByRole('heading', { name: /Récapitulatif de la démarche DEM-/ })).toBeVisible();
});

test('without signature fills, an administrator signs and submits; returned, corrected and submitted again', async ({ page, browser }) => {
  // Sophie Klein (without signature at Muller) reads English
  await signInWith(page, { ssn: '47268315904726831590' });
  await page.getByRole('main').getByRole('link', { name: MULLER }).click();
  await hydrated(page);
  await startAddressChange(page, LABELS.en, LABELS.fr);
  await fillAddress(page, LABELS.en, LABELS.fr);
  await expect(page.getByRole('button', { name: 'Sign', exact: true })).toHaveCount(0);
  await expect(page.getByText('Your role (without signature) does not allow signing')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Submit' })).toBeDisabled();
  const address = page.url();

  const admin = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await signInWith(admin, CLAIRE);
  await admin.goto(address);
  await hydrated(admin);
  await admin.getByRole('button', { name: 'Signer', exact: true }).click();
  await expect(admin.getByText('Signée par Claire Muller')).toBeVisible();
  await admin.getByRole('button', { name: 'Soumettre' }).click();
  const summary = admin.getByRole('heading', { name: /Récapitulatif de la démarche DEM-/ });
  await expect(summary).toBeVisible();
  const reference = (await summary.textContent())!.match(/DEM-\d{4}-\d{6}/)![0];

  // the administration returns it for correction
  backOffice('procedures', 'return', '--reference', reference, '--comment', 'Joindre le justificatif du bail.');
  await page.goto(address.replace(/\/procedures\/.*/, '/procedures'));
  const toCorrect = page.getByRole('region', { name: 'To correct' });
  await expect(toCorrect.getByRole('link', { name: LABELS.en.address })).toBeVisible();
  await expectAccessible(page);
  await admin.goto(address);
  await hydrated(admin);
  await expect(admin.getByRole('note')).toContainText('Joindre le justificatif du bail.');
  await admin.getByRole('textbox', { name: LABELS.fr.locality }).fill('Luxembourg-Ville');
  await expect(admin.getByRole('status').filter({ hasText: /^Enregistrée/ })).toBeVisible();
  await admin.getByRole('button', { name: 'Signer', exact: true }).click();
  await admin.getByRole('button', { name: 'Soumettre' }).click();
  await expect(admin.getByRole('heading', { name: `Récapitulatif de la démarche ${reference}` })).toBeVisible();
  await expect(admin.getByText('Luxembourg-Ville')).toBeVisible();
});

test('a fiduciary files a procedure for a principal', async ({ page, browser }) => {
  const company = '20272201243';
  const [owner] = backOffice('codes', 'issue', '--company', company, '--domain', 'tax', '--kind', 'owner', '--deadline', '2099-12-31').trim().split(/\s+/);
  const [proxy] = backOffice('codes', 'issue', '--company', company, '--domain', 'tax', '--kind', 'proxy', '--deadline', '2099-12-31').trim().split(/\s+/);
  // the principal certifies its eSpace, then gives the proxy code to the fiduciary
  const principal = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await signInWith(principal, CLAIRE);
  const name = unique('Mandant');
  await principal.goto(`${await createEspace(principal, name)}/profile/certifications`);
  await hydrated(principal);
  await principal.getByRole('textbox', { name: /^Code d'accès/ }).fill(owner);
  await principal.getByRole('button', { name: 'Enregistrer le code' }).click();
  await expect(principal.getByRole('status')).toHaveText('Code enregistré.');

  await signInWith(page, MARC);
  await page.getByRole('main').getByRole('link', { name: FIDUCIARY }).click();
  await page.getByRole('link', { name: "Mon profil d'espace" }).click();
  await tab(page, 'Certifications').click();
  await hydrated(page);
  await page.getByRole('textbox', { name: /^Code d'accès/ }).fill(proxy);
  await page.getByRole('radio', { name: 'Mandataire' }).check();
  await page.getByRole('button', { name: 'Enregistrer le code' }).click();
  await expect(page.getByRole('status')).toHaveText('Code enregistré.');

  await page.goto(page.url().replace(/\/profile\/certifications.*/, ''));
  await hydrated(page);
  await startAddressChange(page, LABELS.fr, LABELS.fr, new RegExp(`Pour ${name}`));
  await expect(page.getByText(`Pour ${name}`)).toBeVisible();
  await fillAddress(page, LABELS.fr, LABELS.fr);
  await page.getByRole('button', { name: 'Signer', exact: true }).click();
  await page.getByRole('button', { name: 'Soumettre' }).click();
  await expect(page.getByRole('heading', { name: /Récapitulatif de la démarche DEM-/ })).toBeVisible();
  await page.goto(page.url().replace(/\/procedures\/.*/, '/procedures'));
  await expect(page.getByRole('region', { name: 'Soumises' })).toContainText(`Pour ${name}`);
});

test('what is typed while the network fails is kept and saved once it is back', async ({ page, consoleErrors }) => {
  await signInWith(page, CLAIRE);
  const home = await createEspace(page, unique('Réseau'));
  await page.goto(home);
  await hydrated(page);
  await startAddressChange(page, LABELS.fr, LABELS.fr);
  // the server cannot be reached: the autosave fails
  await page.route('**/api/save_procedure', (route) => route.abort());
  await page.getByRole('textbox', { name: LABELS.fr.street }).fill('3, place Guillaume II');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Enregistrement' })).toBeVisible();
  // the connection comes back; even a reload loses nothing
  await page.unroute('**/api/save_procedure');
  // Chromium logs the failed requests: expected here, and only those
  for (const error of consoleErrors.splice(0)) expect(error).toContain('net::ERR_FAILED');
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('textbox', { name: LABELS.fr.street })).toHaveValue('3, place Guillaume II');
  await expect(page.getByRole('status').filter({ hasText: /^Enregistrée/ })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('textbox', { name: LABELS.fr.street })).toHaveValue('3, place Guillaume II');
});
