import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  test, expect, expectAccessible, hydrated, signInWith, createEspace, CLAIRE, MULLER, tab,
} from './fixtures';

// Each test edits an eSpace of its own (tests run in parallel on one server).
const unique = (what: string) => `${what} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** The app's own texts, to check that messages come in the page's language. */
const locale = (language: string) => JSON.parse(readFileSync(`../locales/${language}.json`, 'utf8'));

/** Seed 002's Signalétique labels in each language. */
const LABELS = {
  fr: { locale: 'fr-FR', edit: 'Éditer', save: 'Enregistrer', saved: 'Modification enregistrée.', notSpecified: 'Non renseigné' },
  de: { locale: 'de-DE', edit: 'Bearbeiten', save: 'Speichern', saved: 'Änderung gespeichert.', notSpecified: 'Nicht angegeben' },
  en: { locale: 'en-GB', edit: 'Edit', save: 'Save', saved: 'Change saved.', notSpecified: 'Not specified' },
};

/** A field's row in the sheet, by its label. */
const row = (page: Page, label: string) => page.locator('.field-row').filter({ has: page.locator('dt', { hasText: label }) });
/** The value a field's row shows. */
const shownValue = (page: Page, label: string) => row(page, label).locator('dd .value');

/** Claire in an eSpace of her own, on its Signalétique tab; answers its address. */
async function claireOnSheet(page: Page, what: string) {
  await signInWith(page, CLAIRE);
  const home = await createEspace(page, unique(what));
  await page.goto(`${home}/profile`);
  await hydrated(page);
  return home;
}

/** Opens a field's form by its "Éditer" button; answers the form. */
async function openEditor(page: Page, edit: string, label: string) {
  await page.getByRole('button', { name: `${edit} – ${label}` }).click();
  // the page with the field open has loaded; its form is checked as typed once its island runs
  await hydrated(page);
  return row(page, label).locator('form.inline-edit');
}

for (const [language, L] of Object.entries(LABELS)) {
  test.describe(`Signalétique in ${language}`, () => {
    test.use({ locale: L.locale });

    test('an administrator edits every field: a rejected value first, then a valid one', async ({ page }) => {
      const t = locale(language);
      await claireOnSheet(page, `Signalétique ${language}`);
      await expect(tab(page, t.profile.tab_identity)).toHaveAttribute('aria-current', 'page');
      await expectAccessible(page);

      // [label, rejected value, its message, valid value as typed, as shown]
      const fields: [string, string | null, string | null, string, string][] = [
        [t.profile.name_section, '', t.errors.required, `  Muller ${language}  `, `Muller ${language}`],
        [t.profile.denomination, 'x'.repeat(201), t.errors.too_long.replace('{{ max }}', '200'), 'Muller & Fils S.à r.l.', 'Muller & Fils S.à r.l.'],
        [t.profile.trade_name, 'y'.repeat(201), t.errors.too_long.replace('{{ max }}', '200'), '<b>Boulangerie</b> Muller', '<b>Boulangerie</b> Muller'],
        [t.profile.website, 'javascript:alert(1)', t.errors.website, 'www.Muller-Fils.lu', 'https://www.muller-fils.lu/'],
        [t.profile.national_id, '20202201245', t.errors.national_id_check, '2020 2201 246', '20202201246'],
        [t.profile.vat_number, 'LU12345678', t.errors.vat_check, 'lu 209.769-85', 'LU20976985'],
        [t.profile.nace_code, '99.99', t.errors.nace_unknown, '1071', '10.71'],
        [t.profile.rcs_number, 'B1234567', t.errors.rcs_format, 'R.C.S. Luxembourg B 112 233', 'B112233'],
      ];
      for (const [label, rejected, message, valid, shown] of fields) {
        const form = await openEditor(page, L.edit, label);
        const input = form.locator('input[name="value"]');
        await expect(input).toBeFocused();
        if (rejected !== null) {
          await input.fill(rejected);
          await form.getByRole('button', { name: L.save }).click();
          await expect(form.locator('.field-error')).toHaveText(message!);
          await expect(input).toHaveAttribute('aria-invalid', 'true');
          await expect(input).toHaveValue(rejected);
        }
        await input.fill(valid);
        await input.press('Enter'); // the NACE list may be open over "Save": Enter submits

        await expect(page.getByRole('status')).toContainText(L.saved);
        await expect(shownValue(page, label)).toHaveText(shown);
        await expect(page.getByRole('button', { name: `${L.edit} – ${label}` })).toBeFocused();
      }
      // the label follows the code, in the page's language
      await expect(row(page, t.profile.nace_label).locator('dd')).toHaveText(
        { fr: 'Fabrication de pain et de pâtisserie fraîche', de: 'Herstellung von Backwaren (ohne Dauerbackwaren)', en: 'Manufacture of bread; manufacture of fresh pastry goods and cakes' }[language]!,
      );
      // the procedure language is a choice of three (help "Language used for procedures")
      const form = await openEditor(page, L.edit, t.profile.language_section);
      await form.getByRole('combobox', { name: t.profile.language_section }).selectOption('de');
      await form.getByRole('button', { name: L.save }).click();
      await expect(shownValue(page, t.profile.language_section)).toHaveText('Deutsch');
      // the new name is in the heading's breadcrumb too, and everything survives a reload
      await expect(page.getByRole('navigation', { name: t.nav.breadcrumb })).toContainText(`Muller ${language}`);
      await page.reload();
      await expect(shownValue(page, t.profile.vat_number)).toHaveText('LU20976985');
      await expect(shownValue(page, t.profile.trade_name)).toHaveText('<b>Boulangerie</b> Muller');
      await expectAccessible(page);
    });
  });
}

test('the NACE code is chosen from the list with the keyboard, and its label follows the language', async ({ page, browser }) => {
  await claireOnSheet(page, 'NACE');
  const form = await openEditor(page, 'Éditer', 'Code NACE');
  const picker = form.getByRole('combobox', { name: 'Code NACE' });
  await expect(picker).toBeFocused();
  await picker.pressSequentially('patisserie pain');
  const list = page.getByRole('listbox', { name: 'Activités NACE' });
  await expect(list.getByRole('option')).toHaveCount(2);
  await expect(page.getByText('Activités trouvées : 2.')).toBeAttached();
  await expectAccessible(page);
  await picker.press('ArrowDown');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await expect(picker).toHaveAttribute('aria-activedescendant', /option-0$/);
  await picker.press('ArrowDown');
  await picker.press('ArrowUp');
  await picker.press('Enter');
  await expect(list).toBeHidden();
  await expect(picker).toHaveValue('10.71');
  await expect(form.locator('.chosen')).toHaveText('Fabrication de pain et de pâtisserie fraîche');
  await picker.press('Enter'); // the list is closed: Enter submits the form
  await expect(page.getByRole('status')).toContainText('Modification enregistrée.');
  await expect(shownValue(page, 'Code NACE')).toHaveText('10.71');
  await expect(row(page, 'Libellé NACE').locator('dd')).toHaveText('Fabrication de pain et de pâtisserie fraîche');
  // Escape closes the list without choosing
  const again = await openEditor(page, 'Éditer', 'Code NACE');
  const picker2 = again.getByRole('combobox', { name: 'Code NACE' });
  await picker2.fill('');
  await picker2.pressSequentially('62');
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(6);
  await picker2.press('Escape');
  await expect(page.getByRole('listbox')).toBeHidden();
  // a second Escape cancels the edit, and focus returns to its button
  await picker2.press('Escape');
  await expect(again).toBeHidden();
  await expect(page.getByRole('button', { name: 'Éditer – Code NACE' })).toBeFocused();
  await expect(shownValue(page, 'Code NACE')).toHaveText('10.71');
  // someone reading in German sees the German label (no language switch here: Claire's saved
  // choice would leak into the tests running beside this one)
  const german = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await signInWith(german, CLAIRE);
  await german.goto(page.url());
  await expect(row(german, 'NACE-Bezeichnung').locator('dd')).toHaveText('Herstellung von Backwaren (ohne Dauerbackwaren)');
});

test('a manager sees the sheet without any edit button', async ({ page }) => {
  // Jean saved German as his language
  await signInWith(page, { ssn: '31597248603159724860' });
  await page.getByRole('main').getByRole('link', { name: MULLER }).click();
  await page.getByRole('link', { name: 'Mein eSpace-Profil' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Bezeichnung und Identifikation' })).toBeVisible();
  await expect(page.getByText('Nicht angegeben').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Bearbeiten/ })).toHaveCount(0);
  await expectAccessible(page);
});

test('two administrators edit the same field: the second is told and shown the new value', async ({ page, browser }) => {
  const home = await claireOnSheet(page, 'Concurrent');
  const other = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await signInWith(other, CLAIRE);
  await other.goto(`${home}/profile`);
  await hydrated(other);
  const mine = await openEditor(page, 'Éditer', 'Num. T.V.A.');
  const theirs = await openEditor(other, 'Éditer', 'Num. T.V.A.');
  await theirs.locator('input[name="value"]').fill('LU20976985');
  await theirs.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(other.getByRole('status')).toContainText('Modification enregistrée.');

  await mine.locator('input[name="value"]').fill('LU29173986');
  await mine.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(mine.locator('.field-error')).toHaveText(/Un autre administrateur a modifié ce champ entre-temps/);
  await expect(mine.locator('.current')).toHaveText('Valeur enregistrée entre-temps : LU20976985');
  await expect(mine.locator('input[name="value"]')).toHaveValue('LU29173986');
  await expectAccessible(page);
  // saving again, knowingly, replaces it
  await mine.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(shownValue(page, 'Num. T.V.A.')).toHaveText('LU29173986');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a field is edited by plain form posts, a refusal keeping what was typed', async ({ page, browser }) => {
    // the eSpace is created with JavaScript, in a context of its own
    const helper = await (await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: true })).newPage();
    await signInWith(helper, CLAIRE);
    const home = await createEspace(helper, unique('Sans JS'));

    await page.goto('/login');
    await page.getByRole('button', { name: new RegExp(CLAIRE.ssn) }).click();
    await page.goto(`${home}/profile`);
    await page.getByRole('button', { name: 'Éditer – Num. T.V.A.' }).click();
    await expect(page).toHaveURL(/\?edit=vat_number$/);
    const input = page.getByRole('textbox', { name: 'Num. T.V.A.' });
    await input.fill('LU12345678');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText("Ce numéro de TVA n'existe pas")).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Num. T.V.A.' })).toHaveValue('LU12345678');
    await page.getByRole('textbox', { name: 'Num. T.V.A.' }).fill('LU 2097 6985');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('status')).toContainText('Modification enregistrée.');
    await expect(shownValue(page, 'Num. T.V.A.')).toHaveText('LU20976985');
    // "Annuler" closes an open form
    await page.getByRole('button', { name: 'Éditer – Site Internet' }).click();
    await page.getByRole('button', { name: 'Annuler' }).click();
    await expect(page.getByRole('textbox', { name: 'Site Internet' })).toHaveCount(0);
  });
});

test('my profile: contact details checked as typed and saved, certificates listed', async ({ page }) => {
  // Sophie saved English as her language
  await signInWith(page, { ssn: '47268315904726831590' });
  await hydrated(page);
  await page.locator('summary', { hasText: 'Sophie Klein' }).click();
  await page.getByRole('link', { name: 'My profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText('Your family and given names come from your certificate')).toBeVisible();
  const phone = page.getByRole('textbox', { name: 'Office phone' });
  await phone.fill('26 12 34 ab');
  await expect(page.locator('#field-phone-error')).toContainText('Enter a telephone number');
  await phone.fill('+352 26 12 34 56');
  await page.getByRole('textbox', { name: 'Function' }).fill('Accountant');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your contact details have been saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Office phone' })).toHaveValue('+352 26 12 34 56');
  const certificates = page.getByRole('table');
  await expect(certificates.getByRole('row')).toHaveCount(2);
  await expect(certificates).toContainText('In use for this session');
  await expect(certificates).toContainText('47268315904726831590');
  await expectAccessible(page);
  // the interface language is saved with its own button (and set back: others sign in as Sophie)
  await page.getByRole('radio', { name: 'Deutsch' }).check();
  await page.getByRole('button', { name: 'Save the language' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mein Profil' })).toBeVisible();
  await page.getByRole('radio', { name: 'English' }).check();
  await page.getByRole('button', { name: 'Sprache speichern' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
});
