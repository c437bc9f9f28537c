import type { Browser, Page } from '@playwright/test';
import {
  test, expect, expectAccessible, hydrated, signIn, signInWith, createEspace, invitationLink,
  CLAIRE, ANNA, TOM, MULLER, tab,
} from './fixtures';

// Each test works in an eSpace of its own (tests run in parallel on one server), and mails its
// invitations to an address of its own, so the links it reads from the mailbox are its own.
const unique = (what: string) => `${what} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const mailbox = (person: { email: string }) => person.email.replace('@', `+${Date.now()}${Math.floor(Math.random() * 1e6)}@`);

/** The seed's labels in each language. */
const LABELS = {
  fr: {
    locale: 'fr-FR', profile: "Mon profil d'espace", usersTab: 'Utilisateurs', add: 'Ajouter un utilisateur',
    family: /^Nom/, given: /^Prénom/, email: /^E-mail/, next: 'Suivant', ssn: /^Numéro SSN du certificat/,
    scopeThis: 'Uniquement avec le certificat dont vous avez indiqué le numéro SSN', role: 'Gestionnaire',
    invite: 'Inviter', sent: 'Invitation envoyée.', identity: 'Identité', certificate: 'Numéro de certificat',
    restriction: "Restriction d'accès à cet espace", onlyThis: "L'utilisateur peut utiliser uniquement le certificat indiqué ci-dessus",
    roleHeading: "Rôle de l'utilisateur", accept: 'Accepter', yes: 'Oui', required: 'Ce champ est obligatoire.',
  },
  de: {
    locale: 'de-DE', profile: 'Mein eSpace-Profil', usersTab: 'Benutzer', add: 'Benutzer hinzufügen',
    family: /^Name/, given: /^Vorname/, email: /^E-Mail/, next: 'Weiter', ssn: /^Zertifikatsnummer \(SSN\)/,
    scopeThis: 'Nur mit dem Zertifikat, dessen SSN-Nummer Sie angegeben haben', role: 'Verwalter',
    invite: 'Einladen', sent: 'Einladung gesendet.', identity: 'Identität', certificate: 'Zertifikatsnummer',
    restriction: 'Zugriffsbeschränkung für diesen eSpace', onlyThis: 'Der Benutzer kann nur das oben angegebene Zertifikat verwenden',
    roleHeading: 'Rolle des Benutzers', accept: 'Annehmen', yes: 'Ja', required: 'Dieses Feld ist ein Pflichtfeld.',
  },
  en: {
    locale: 'en-GB', profile: 'My eSpace profile', usersTab: 'Users', add: 'Add a user',
    family: /^Last name/, given: /^First name/, email: /^Email/, next: 'Next', ssn: /^Certificate number \(SSN\)/,
    scopeThis: 'Only with the certificate whose SSN you have provided', role: 'Manager',
    invite: 'Invite', sent: 'Invitation sent.', identity: 'Identity', certificate: 'Certificate number',
    restriction: 'Access restriction to this eSpace', onlyThis: 'The user can only use the certificate shown above',
    roleHeading: 'User roles', accept: 'Accept', yes: 'Yes', required: 'This field is mandatory.',
  },
};

/** Seed 002 steps 3–10 on the Users tab, in French: answers the invitation's mailbox. */
async function inviteInFrench(page: Page, person: { name: string; ssn: string; email: string }, role = 'Gestionnaire') {
  const email = mailbox(person);
  const [given, family] = person.name.split(' ');
  await page.getByRole('link', { name: 'Ajouter un utilisateur' }).click();
  await page.getByRole('textbox', { name: /^Nom/ }).fill(family);
  await page.getByRole('textbox', { name: /^Prénom/ }).fill(given);
  await page.getByRole('textbox', { name: /^E-mail/ }).fill(email);
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByRole('textbox', { name: /^Numéro SSN du certificat/ }).fill(person.ssn);
  await page.getByRole('radio', { name: 'Uniquement avec le certificat dont vous avez indiqué le numéro SSN' }).check();
  await page.getByRole('radio', { name: role }).check();
  await page.getByRole('button', { name: 'Inviter' }).click();
  await expect(page.getByText('Invitation envoyée.')).toBeVisible();
  return email;
}

/** Claire in an eSpace of her own, on its Users tab; answers the eSpace's name and address. */
async function claireOnUsersTab(page: Page, what: string) {
  await signIn(page, CLAIRE);
  const name = unique(what);
  const home = await createEspace(page, name);
  await page.goto(`${home}/profile/users`);
  await hydrated(page);
  return { name, home };
}

/** A second person in a browser of their own, who accepts the invitation to `espace`. */
async function acceptAs(browser: Browser, who: { ssn: string }, espace: string) {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await signInWith(page, who);
  await hydrated(page);
  const card = page.getByRole('article').filter({ hasText: espace });
  await card.getByRole('button', { name: 'Accepter' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Oui' }).click();
  await expect(page.getByRole('heading', { level: 1, name: espace })).toBeVisible();
  return page;
}

/** Opens the data sheet's three-dots menu, picks `action` and confirms it in the dialog. */
async function fromMenu(page: Page, who: string, action: string) {
  await page.getByLabel(`Actions pour ${who}`).click();
  const dialog = page.getByRole('alertdialog');
  await page.getByRole('button', { name: action }).click();
  await expect(dialog.getByRole('button', { name: action })).toBeFocused();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: action }).click();
  await expect(dialog).toBeHidden();
}

for (const [language, L] of Object.entries(LABELS)) {
  test.describe(`help "Ajouter un utilisateur" steps 1–13 in ${language}`, () => {
    test.use({ locale: L.locale });

    test('invite, banner, data sheet; the invitee signs in with that certificate, accepts, confirms and enters', async ({ page, browser }) => {
      const invitee = language === 'de' ? TOM : ANNA;
      await signInWith(page, CLAIRE);
      const name = unique(`Guichet ${language}`);
      await createEspace(page, name);
      await expect(page.locator('html')).toHaveAttribute('lang', language);

      await page.getByRole('link', { name: L.profile }).click(); // step 1
      await tab(page, L.usersTab).click(); // step 2
      await page.getByRole('link', { name: L.add }).click(); // step 3
      await expect(page.getByRole('heading', { level: 2, name: L.add })).toBeVisible();
      await expectAccessible(page);

      // step 4–5: mandatory fields, checked in the browser before going on
      await page.getByRole('button', { name: L.next }).click();
      await expect(page.getByRole('textbox', { name: L.family })).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('#field-family_name-error')).toHaveText(L.required);
      const [given, family] = invitee.name.split(' ');
      await page.getByRole('textbox', { name: L.family }).fill(family);
      await page.getByRole('textbox', { name: L.given }).fill(given);
      await page.getByRole('textbox', { name: L.email }).fill(mailbox(invitee));
      await page.getByRole('button', { name: L.next }).click();

      // steps 6–10: SSN, access, role, invite
      const ssn = page.getByRole('textbox', { name: L.ssn });
      await expect(ssn).toBeFocused();
      await ssn.fill(invitee.ssn.slice(0, 12));
      await page.getByRole('button', { name: L.invite }).click();
      await expect(ssn).toHaveAttribute('aria-invalid', 'true');
      await expectAccessible(page);
      await ssn.fill(invitee.ssn);
      await page.getByRole('radio', { name: L.scopeThis }).check();
      await page.getByRole('radio', { name: L.role, exact: true }).check();
      await page.getByRole('button', { name: L.invite }).click();

      // the banner and the new member's data sheet
      await expect(page.getByRole('status').filter({ hasText: L.sent })).toBeVisible();
      await expect(page.getByRole('heading', { level: 2, name: invitee.name })).toBeVisible();
      await expect(page.getByRole('heading', { name: L.identity })).toBeVisible();
      await expect(page.getByText(L.certificate, { exact: true })).toBeVisible();
      await expect(page.getByText(invitee.ssn)).toBeVisible();
      await expect(page.getByRole('heading', { name: L.restriction })).toBeVisible();
      await expect(page.getByText(L.onlyThis)).toBeVisible();
      await expect(page.getByRole('region', { name: L.roleHeading })).toContainText(L.role);
      await expectAccessible(page);

      // steps 11–13: the invitee signs in with that certificate, accepts, says yes
      const context = await browser.newContext({ locale: L.locale });
      const other = await context.newPage();
      await signInWith(other, invitee);
      await hydrated(other);
      const card = other.getByRole('article').filter({ hasText: name });
      await expect(card).toContainText(invitee.ssn);
      await expectAccessible(other);
      const dialog = other.getByRole('alertdialog');
      await card.getByRole('button', { name: L.accept }).click();
      await expect(dialog).toContainText(name);
      await expectAccessible(other);
      await dialog.getByRole('button', { name: L.yes }).click();
      await expect(other.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(other.locator('details.espace-switch summary')).toContainText(name);
      await context.close();
    });
  });
}

test('the Users tab searches, filters and shows the seed data to every member', async ({ page }) => {
  await signIn(page, CLAIRE);
  await page.getByRole('link', { name: MULLER }).first().click();
  await page.getByRole('link', { name: "Mon profil d'espace" }).click();
  await tab(page, 'Utilisateurs').click();
  await hydrated(page);
  await page.getByRole('searchbox', { name: 'Rechercher par nom ou e-mail' }).fill('wagner');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('row', { name: /Paul Wagner/ })).toContainText('Invité');
  await expect(page.getByRole('row')).toHaveCount(2);
  await expect(page).toHaveURL(/search=wagner/);
  await page.getByRole('link', { name: 'Effacer les filtres' }).click();
  await page.getByLabel('Statut').selectOption('deactivated');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('row', { name: /Marc Hoffmann/ })).toContainText('Désactivé');
  await expect(page.getByRole('row')).toHaveCount(2);
  await expectAccessible(page);
});

test('another certificate is told which one the invitation is for, and how to find an SSN', async ({ page, browser }) => {
  const { name } = await claireOnUsersTab(page, 'Mauvais certificat');
  const email = await inviteInFrench(page, ANNA);
  const link = await invitationLink(email);

  await page.goto(link); // Claire's own certificate
  await expect(page.getByRole('alert')).toContainText(
    `Cette invitation à rejoindre l'espace professionnel ${name} est destinée au certificat numéro ${ANNA.ssn}, mais vous êtes connecté avec le certificat numéro ${CLAIRE.ssn}.`,
  );
  await expect(page.getByText('cliquez sur votre nom dans l\'en-tête')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Se déconnecter pour changer de certificat' })).toBeVisible();
  await expectAccessible(page);

  const context = await browser.newContext({ locale: 'fr-FR' });
  const anonymous = await context.newPage();
  await anonymous.goto(link);
  await expect(anonymous.getByText(`est destinée au certificat numéro ${ANNA.ssn}`)).toBeVisible();
  await expect(anonymous.getByRole('link', { name: 'Se connecter' }).last()).toBeVisible();
  await context.close();
});

test('role change: "Rôle de l\'utilisateur" → "Éditer" → "Enregistrer"', async ({ page }) => {
  await claireOnUsersTab(page, 'Rôle');
  await inviteInFrench(page, TOM);
  const role = page.getByRole('region', { name: "Rôle de l'utilisateur" });
  await expect(role).toContainText('Gestionnaire');
  await role.getByRole('button', { name: "Éditer – Rôle de l'utilisateur" }).click();
  await expect(role.getByText('Les mêmes pouvoirs que le gestionnaire, sauf la signature des démarches.')).toBeVisible();
  await expectAccessible(page);
  await role.getByRole('radio', { name: 'Administrateur' }).check();
  await role.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rôle enregistré.' })).toBeVisible();
  await expect(role).toContainText('Administrateur');
  await page.getByRole('link', { name: 'Retour à la liste des utilisateurs' }).first().click();
  await expect(page.getByRole('row', { name: new RegExp(TOM.name) })).toContainText('Administrateur');

  // the activity log tells who did what, newest first
  await page.getByRole('link', { name: "Journal d'activité" }).click();
  const rows = page.getByRole('row');
  await expect(rows.nth(1)).toContainText(`Claire Muller a changé le rôle de ${TOM.name} : Gestionnaire → Administrateur.`);
  await expect(rows.nth(2)).toContainText(`Claire Muller a invité ${TOM.name}.`);
  await expectAccessible(page);
});

test('deactivate → access gone → reactivate → access back; delete → gone for good', async ({ page, browser }) => {
  const { name, home } = await claireOnUsersTab(page, 'Désactivation');
  await inviteInFrench(page, ANNA);
  const anna = await acceptAs(browser, ANNA, name);

  // the data sheet loaded afresh (a reload, a link in an email) is live too
  await page.reload();
  await hydrated(page);
  await expect(page.locator('.status-line')).toContainText('Actif');
  await fromMenu(page, ANNA.name, 'Désactiver');
  await expect(page.getByRole('status').filter({ hasText: 'Utilisateur désactivé.' })).toBeVisible();
  await expect(page.locator('.status-line')).toContainText('Désactivé');
  await anna.goto(home);
  await expect(anna.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();

  await fromMenu(page, ANNA.name, 'Réactiver');
  await expect(page.getByRole('status').filter({ hasText: 'Utilisateur réactivé.' })).toBeVisible();
  await anna.goto(home);
  await expect(anna.getByRole('heading', { level: 1, name })).toBeVisible();

  await fromMenu(page, ANNA.name, 'Supprimer');
  await expect(page.getByRole('status').filter({ hasText: 'Utilisateur supprimé.' })).toBeVisible();
  await expect(page.getByRole('row', { name: CLAIRE.name })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(ANNA.name) })).toHaveCount(0);
  await anna.goto(home);
  await expect(anna.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await anna.context().close();
});

test('the last active administrator cannot deactivate herself or give up the role', async ({ page }) => {
  await claireOnUsersTab(page, 'Dernier administrateur');
  await page.getByRole('link', { name: CLAIRE.name }).click();
  await expect(page.getByRole('heading', { level: 2, name: CLAIRE.name })).toBeVisible();
  await hydrated(page);
  await fromMenu(page, CLAIRE.name, 'Désactiver');
  const refusal = "Impossible : l'espace doit toujours garder au moins un administrateur actif.";
  await expect(page.getByRole('alert')).toContainText(refusal);
  await expect(page.locator('.status-line')).toContainText('Actif');

  const role = page.getByRole('region', { name: "Rôle de l'utilisateur" });
  await role.getByRole('button', { name: "Éditer – Rôle de l'utilisateur" }).click();
  await role.getByRole('radio', { name: 'Gestionnaire' }).check();
  await role.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('alert')).toContainText(refusal);
  await expect(role).toContainText('Administrateur');
  await expectAccessible(page);
});

test('resend gives a new link and voids the old one; withdraw takes the invitation back', async ({ page, browser }) => {
  await claireOnUsersTab(page, 'Renvoi');
  const email = await inviteInFrench(page, TOM);
  const first = await invitationLink(email);
  await fromMenu(page, TOM.name, "Renvoyer l'invitation");
  await expect(page.getByRole('status').filter({ hasText: 'Invitation renvoyée avec un nouveau lien.' })).toBeVisible();
  const second = await invitationLink(email, first);
  expect(second).not.toEqual(first);

  const context = await browser.newContext({ locale: 'fr-FR' });
  const tom = await context.newPage();
  await tom.goto(first);
  await expect(tom.getByText("Ce lien d'invitation n'est plus valable")).toBeVisible();
  await tom.goto(second);
  await expect(tom.getByText(`est destinée au certificat numéro ${TOM.ssn}`)).toBeVisible();

  await fromMenu(page, TOM.name, "Retirer l'invitation");
  await expect(page.getByRole('status').filter({ hasText: 'Invitation retirée.' })).toBeVisible();
  await tom.goto(second);
  await expect(tom.getByText("Ce lien d'invitation n'est plus valable")).toBeVisible();
  await context.close();
});

test('bulk invitation from a CSV file reports every line', async ({ page }) => {
  await claireOnUsersTab(page, 'Import');
  await page.getByRole('link', { name: 'Inviter depuis un fichier CSV' }).click();
  await hydrated(page);
  await expectAccessible(page);
  const csv = [
    'Nom;Prénom;E-mail;SSN;Rôle;Accès',
    `Becker;Anna;${mailbox(ANNA)};${ANNA.ssn};Gestionnaire;this_certificate`,
    'Klein;Max;max.klein@;11112222333344445555;manager;all_certificates',
    `Reuter;Tom;${mailbox(TOM)};${TOM.ssn};Sans signature;Avec tous ses certificats`,
  ].join('\n');
  // a file Excel saved on Windows (Windows-1252, one byte per accented letter) reads as written
  const excel = 'Nom;Prénom;E-mail;SSN;Rôle;Accès\nMüller;Zoé;zoe.muller@example.lu;11112222333344445555;Gestionnaire;this_certificate';
  await page.getByLabel('Fichier CSV').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: Buffer.from(excel, 'latin1') });
  await expect(page.getByLabel('Contenu du fichier')).toHaveValue(excel);
  await page.getByLabel('Fichier CSV').setInputFiles({ name: 'equipe.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByLabel('Contenu du fichier')).toHaveValue(csv);
  await page.getByRole('button', { name: 'Inviter' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 invité(s), 1 refusé(s).' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Anna Becker/ })).toContainText('Invité');
  await expect(page.getByRole('row', { name: /Max Klein/ })).toContainText('E-mail : Indiquez une adresse e-mail valable');
  await expect(page.getByRole('row', { name: /Tom Reuter/ })).toContainText('Invité');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Retour à la liste des utilisateurs' }).click();
  await expect(page.getByRole('row', { name: /Tom Reuter/ })).toContainText('Sans signature');
});

test('an administrator invites with the keyboard only', async ({ page }) => {
  await claireOnUsersTab(page, 'Clavier');
  const tabTo = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 60 && !(await check()); i++) await page.keyboard.press('Tab');
    expect(await check()).toBe(true);
  };
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
  await tabTo(async () => (await focusedText()) === 'Ajouter un utilisateur');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Ajouter un utilisateur' })).toBeVisible();
  await tabTo(async () => (await focusedId()) === 'field-family_name');
  await page.keyboard.type('Becker');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Anna');
  await page.keyboard.press('Tab');
  await page.keyboard.type(mailbox(ANNA));
  await page.keyboard.press('Enter'); // "Suivant"
  await expect(page.getByRole('textbox', { name: /^Numéro SSN du certificat/ })).toBeFocused();
  await page.keyboard.type(ANNA.ssn);
  await page.keyboard.press('Tab'); // the access radios
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // the role radios
  await page.keyboard.press('ArrowDown'); // Administrateur → Gestionnaire
  await page.keyboard.press('ArrowDown'); // → Sans signature
  await expect(page.getByRole('radio', { name: 'Sans signature' })).toBeChecked();
  await tabTo(async () => (await focusedText()) === 'Inviter');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Invitation envoyée.' })).toBeVisible();
  await expect(page.getByRole('region', { name: "Rôle de l'utilisateur" })).toContainText('Sans signature');
});
