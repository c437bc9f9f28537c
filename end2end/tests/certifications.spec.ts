import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { test, expect, expectAccessible, hydrated, signInWith, createEspace, CLAIRE, MARC, FIDUCIARY, tab } from './fixtures';

const unique = (what: string) => `${what} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** The back office, as an operator runs it: `espace codes issue …`; answers the printed codes. */
function issueCodes(company: string, kind: 'owner' | 'proxy', domain = 'tax'): string[] {
  const out = execFileSync('target/release/espace', [
    'codes', 'issue', '--company', company, '--domain', domain, '--kind', kind,
    '--deadline', '2099-12-31', '--operator', 'demo',
  ], { cwd: '..', env: { ...process.env, ESPACE_DATABASE_URL: 'sqlite://target/e2e.db' } }).toString();
  return out.trim().split('\n').map((line) => line.split(/\s+/)[0]);
}

/** The Certifications tab's labels in each language; each language certifies its own company. */
const LABELS = {
  fr: {
    locale: 'fr-FR', company: '20212201244', tab: 'Certifications', code: /^Code d'accès/, owner: 'Propriétaire',
    register: 'Enregistrer le code', registered: 'Code enregistré.', tax: 'Fiscalité', active: 'Actif',
    revoke: 'Révoquer', revoked: 'Révoqué', certifications: "Certifications de l'espace", given: 'Mandats donnés',
    end: 'Fin du mandat de', setEnd: 'Fixer la fin', manage: (n: string) => `Gérer le mandat de ${n}`,
    endSaved: 'Fin du mandat enregistrée.', scope: 'Portée du mandat de', dataOnly: 'Consultation des données uniquement',
    setScope: 'Appliquer la portée', scopeSaved: 'Portée du mandat enregistrée.', revokedDone: 'Mandat révoqué.',
  },
  de: {
    locale: 'de-DE', company: '20222201242', tab: 'Zertifizierungen', code: /^Zugangscode/, owner: 'Eigentümer',
    register: 'Code registrieren', registered: 'Code registriert.', tax: 'Steuern', active: 'Aktiv',
    revoke: 'Widerrufen', revoked: 'Widerrufen', certifications: 'Zertifizierungen des eSpace', given: 'Erteilte Vollmachten',
    end: 'Ende der Vollmacht von', setEnd: 'Ende festlegen', manage: (n: string) => `Vollmacht von ${n} verwalten`,
    endSaved: 'Ende der Vollmacht gespeichert.', scope: 'Umfang der Vollmacht von', dataOnly: 'Nur Einsicht in die Daten',
    setScope: 'Umfang übernehmen', scopeSaved: 'Umfang der Vollmacht gespeichert.', revokedDone: 'Vollmacht widerrufen.',
  },
  en: {
    locale: 'en-GB', company: '20232201240', tab: 'Certifications', code: /^Access code/, owner: 'Owner',
    register: 'Register the code', registered: 'Code registered.', tax: 'Tax', active: 'Active',
    revoke: 'Revoke', revoked: 'Revoked', certifications: 'Certifications of this eSpace', given: 'Mandates given',
    end: 'End of the mandate of', setEnd: 'Set the end', manage: (n: string) => `Manage the mandate of ${n}`,
    endSaved: 'End of the mandate saved.', scope: 'Scope of the mandate of', dataOnly: 'Consultation of data only',
    setScope: 'Apply the scope', scopeSaved: 'Scope of the mandate saved.', revokedDone: 'Mandate revoked.',
  },
};

const table = (page: Page, heading: string) => page.getByRole('region', { name: heading }).getByRole('table');

for (const [language, L] of Object.entries(LABELS)) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: L.locale });

    test(`codes in ${language}: the owner certifies, a fiduciary gets a mandate, the principal revokes it`, async ({ page, browser }) => {
      // the administration issues the company's owner code and a proxy code
      const [ownerCode] = issueCodes(L.company, 'owner');
      const [proxyCode] = issueCodes(L.company, 'proxy');
      expect(ownerCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

      // the company's administrator registers the owner code in its eSpace
      await signInWith(page, CLAIRE);
      const company = unique(`Client ${language}`);
      const home = await createEspace(page, company);
      await page.goto(`${home}/profile/certifications`);
      await hydrated(page);
      await expect(tab(page, L.tab)).toHaveAttribute('aria-current', 'page');
      await expectAccessible(page);
      const code = page.getByRole('textbox', { name: L.code });
      await code.fill('ABCD');
      await page.getByRole('button', { name: L.register }).click();
      await expect(code).toHaveAttribute('aria-invalid', 'true');
      await code.fill(ownerCode.toLowerCase());
      await page.getByRole('radio', { name: L.owner }).check();
      await page.getByRole('button', { name: L.register }).click();
      await expect(page.getByRole('status')).toHaveText(L.registered);
      await expect(table(page, L.certifications).getByRole('row', { name: new RegExp(L.tax) })).toContainText(L.active);
      // the same code again: refused next to the field, what was typed kept
      await code.fill(ownerCode);
      await page.getByRole('button', { name: L.register }).click();
      await expect(page.locator('#field-code-error')).not.toBeEmpty();
      await expect(code).toHaveValue(ownerCode);
      await expectAccessible(page);

      // the fiduciary registers the proxy code it was given (Marc reads French)
      const fiduciary = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
      await signInWith(fiduciary, MARC);
      await fiduciary.getByRole('main').getByRole('link', { name: FIDUCIARY }).click();
      await fiduciary.getByRole('link', { name: "Mon profil d'espace" }).click();
      await tab(fiduciary, 'Certifications').click();
      await hydrated(fiduciary);
      await fiduciary.getByRole('textbox', { name: /^Code d'accès/ }).fill(proxyCode);
      await fiduciary.getByRole('radio', { name: 'Mandataire' }).check();
      await fiduciary.getByRole('button', { name: 'Enregistrer le code' }).click();
      await expect(fiduciary.getByRole('status')).toHaveText('Code enregistré.');
      // mandates received are grouped by principal
      const received = () => table(fiduciary, 'Mandats reçus').getByRole('rowgroup', { name: new RegExp(company) });
      await expect(received().getByRole('row', { name: /Fiscalité/ })).toContainText('Actif');
      await expectAccessible(fiduciary);

      // the principal sees it given, and manages it from its row
      await page.reload();
      await hydrated(page);
      const given = table(page, L.given).getByRole('row', { name: new RegExp(FIDUCIARY) });
      await expect(given).toContainText(L.active);
      const manage = given.getByRole('button', { name: L.manage(FIDUCIARY) });
      const panel = page.getByRole('group', { name: L.manage(FIDUCIARY) });
      await manage.click();
      await expect(manage).toHaveAttribute('aria-expanded', 'true');
      await expectAccessible(page);
      // the end of use: a past day is refused as typed, a later one saved
      const end = panel.getByLabel(`${L.end} ${FIDUCIARY}`);
      await end.fill('2000-01-01');
      await panel.getByRole('button', { name: L.setEnd }).click();
      await expect(end).toHaveAttribute('aria-invalid', 'true');
      await end.fill('2099-12-31');
      await panel.getByRole('button', { name: L.setEnd }).click();
      await expect(page.getByRole('status')).toHaveText(L.endSaved);
      await expect(page.getByRole('status')).toBeFocused();
      await fiduciary.reload();
      await expect(received().getByRole('row', { name: /Fiscalité/ })).toContainText('31/12/2099');

      // the scope: consultation of data only
      await manage.click();
      await panel.getByLabel(`${L.scope} ${FIDUCIARY}`).selectOption({ label: L.dataOnly });
      await panel.getByRole('button', { name: L.setScope }).click();
      await expect(page.getByRole('status')).toHaveText(L.scopeSaved);
      await expect(given).toContainText(L.dataOnly);
      await fiduciary.reload();
      await expect(received().getByRole('row', { name: /Fiscalité/ })).toContainText('Consultation des données uniquement');

      // revoked after confirming
      await manage.click();
      await panel.getByRole('button', { name: L.revoke }).click();
      const dialog = page.getByRole('alertdialog');
      await expect(dialog).toContainText(FIDUCIARY);
      await expectAccessible(page);
      await dialog.getByRole('button', { name: L.revoke }).click();
      await expect(page.getByRole('status')).toHaveText(L.revokedDone);
      await expect(given.getByRole('button')).toHaveCount(0);
      await expect(given).toContainText(L.revoked);

      // and the fiduciary has lost it
      await fiduciary.reload();
      await expect(received().getByRole('row', { name: /Fiscalité/ })).toContainText('Révoqué');
    });
  });
}

test('a fiduciary filters its mandates received by principal and domain', async ({ page, browser }) => {
  // two principals mandate the fiduciary, in two domains
  const principals = [] as string[];
  await signInWith(page, CLAIRE);
  for (const [company, domain] of [['20242201230', 'tax'], ['20252201239', 'social_security']] as const) {
    const [owner] = issueCodes(company, 'owner', domain);
    const [proxy] = issueCodes(company, 'proxy', domain);
    const name = unique(`Mandant ${domain}`);
    principals.push(name);
    await page.goto(`${await createEspace(page, name)}/profile/certifications`);
    await hydrated(page);
    await page.getByRole('textbox', { name: /^Code d'accès/ }).fill(owner);
    await page.getByRole('radio', { name: 'Propriétaire' }).check();
    await page.getByRole('button', { name: 'Enregistrer le code' }).click();
    await expect(page.getByRole('status')).toHaveText('Code enregistré.');
    const fiduciary = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await signInWith(fiduciary, MARC);
    await fiduciary.getByRole('main').getByRole('link', { name: FIDUCIARY }).click();
    await fiduciary.getByRole('link', { name: "Mon profil d'espace" }).click();
    await tab(fiduciary, 'Certifications').click();
    await hydrated(fiduciary);
    await fiduciary.getByRole('textbox', { name: /^Code d'accès/ }).fill(proxy);
    await fiduciary.getByRole('radio', { name: 'Mandataire' }).check();
    await fiduciary.getByRole('button', { name: 'Enregistrer le code' }).click();
    await expect(fiduciary.getByRole('status')).toHaveText('Code enregistré.');
    await fiduciary.context().close();
  }

  await signInWith(page, MARC);
  await page.getByRole('main').getByRole('link', { name: FIDUCIARY }).click();
  await page.getByRole('link', { name: "Mon profil d'espace" }).click();
  await tab(page, 'Certifications').click();
  await hydrated(page);
  const received = table(page, 'Mandats reçus');
  for (const name of principals) {
    await expect(received.getByRole('rowgroup', { name: new RegExp(name) })).toHaveCount(1);
  }
  // by principal: what is typed, in the address
  await page.getByRole('searchbox', { name: /^Mandant/ }).fill(principals[1]);
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/principal=/);
  await expect(received.getByRole('rowgroup', { name: new RegExp(principals[0]) })).toHaveCount(0);
  await expect(received.getByRole('rowgroup', { name: new RegExp(principals[1]) })).toHaveCount(1);
  // by domain: the second principal's mandate is not for tax
  await page.getByRole('combobox', { name: 'Domaine', exact: true }).selectOption({ label: 'Fiscalité' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page.getByText('Aucun mandat reçu ne correspond à ces critères.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Effacer les filtres' }).click();
  await expect(page.getByRole('searchbox', { name: /^Mandant/ })).toHaveValue('');
  for (const name of principals) {
    await expect(received.getByRole('rowgroup', { name: new RegExp(name) })).toHaveCount(1);
  }
});

test('members who are not administrators register codes but ask for no certification', async ({ page }) => {
  // Sophie (without signature at Muller & Fils) reads English; every role registers codes
  // (help "Representative"), the rest of the tab is the administrators'
  await signInWith(page, { ssn: '47268315904726831590' });
  await page.getByRole('main').getByRole('link', { name: 'Muller & Fils S.à r.l.' }).click();
  await page.getByRole('link', { name: 'My eSpace profile' }).click();
  await tab(page, 'Certifications').click();
  await expect(page.getByRole('heading', { name: 'Certifications of this eSpace' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Registration of access codes' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Certification for a field of activity' })).toHaveCount(0);
  await expectAccessible(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a code is registered by a plain form post, a refusal keeping what was typed', async ({ page, browser }) => {
    const [owner] = issueCodes('20262201245', 'owner');
    // the eSpace is created with JavaScript, in a context of its own
    const helper = await (await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: true })).newPage();
    await signInWith(helper, CLAIRE);
    const home = await createEspace(helper, unique('Sans JS'));
    await helper.context().close();

    await page.goto('/login');
    await page.getByRole('button', { name: new RegExp(CLAIRE.ssn) }).click();
    await page.goto(`${home}/profile/certifications`);
    const code = page.getByRole('textbox', { name: /^Code d'accès/ });
    await code.fill(owner);
    await page.getByRole('button', { name: 'Enregistrer le code' }).click();
    await expect(page.getByRole('status')).toHaveText('Code enregistré.');
    await expect(page.getByRole('region', { name: "Certifications de l'espace" })).toContainText('Fiscalité');
    // the same code again: the tab comes back with the reason next to the field and the code typed
    await page.getByRole('textbox', { name: /^Code d'accès/ }).fill(owner.toLowerCase());
    await page.getByRole('button', { name: 'Enregistrer le code' }).click();
    await expect(page.locator('#field-code-error')).not.toBeEmpty();
    await expect(page.getByRole('textbox', { name: /^Code d'accès/ })).toHaveValue(owner.toLowerCase());
    await expect(page.getByRole('textbox', { name: /^Code d'accès/ })).toHaveAttribute('aria-invalid', 'true');

    // a certification request goes too (the form unfolds without script, as a disclosure)
    await page.getByText('Demander une certification').click();
    await page.getByRole('combobox', { name: "Domaine d'activité" }).selectOption({ label: 'Élections sociales' });
    await page.getByRole('textbox', { name: 'Description de la demande' }).fill('Procès-verbal des élections joint.');
    await page.getByLabel('Pièces justificatives').setInputFiles({
      name: 'pv.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect(page.getByRole('status')).toHaveText('Demande de certification envoyée.');
    await expect(page.getByRole('region', { name: 'Demandes de certification' })).toContainText('pv.pdf');
  });
});
