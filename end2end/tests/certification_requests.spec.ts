import { execFileSync } from 'node:child_process';
import { test, expect, expectAccessible, hydrated, signInWith, createEspace, CLAIRE } from './fixtures';

const unique = (what: string) => `${what} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** The back office, as an operator runs it: `espace certifications …`. */
function backOffice(...args: string[]): string {
  return execFileSync('target/release/espace', ['certifications', ...args], {
    cwd: '..',
    env: { ...process.env, ESPACE_DATABASE_URL: 'sqlite://target/e2e.db', BACK_OFFICE_OPERATOR: 'demo' },
  }).toString();
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

const LABELS = {
  fr: {
    locale: 'fr-FR', open: 'Demander une certification', field: "Domaine d'activité", sports: 'Fédérations sportives', description: 'Description de la demande',
    documents: 'Pièces justificatives', send: 'Envoyer la demande', sent: 'Demande de certification envoyée.',
    required: 'Ce champ est obligatoire.', kind: "Le fichier n° 1 n'est ni un PDF ni une image PNG ou JPEG.",
    requests: 'Demandes de certification', review: "En cours d'examen", approved: 'Approuvée le',
    certifications: "Certifications de l'espace", active: 'Actif',
  },
  de: {
    locale: 'de-DE', open: 'Zertifizierung beantragen', field: 'Tätigkeitsgebiet', sports: 'Sportverbände', description: 'Beschreibung des Antrags',
    documents: 'Nachweise', send: 'Antrag senden', sent: 'Zertifizierungsantrag gesendet.',
    required: 'Dieses Feld ist ein Pflichtfeld.', kind: 'Datei Nr. 1 ist weder ein PDF noch ein PNG- oder JPEG-Bild.',
    requests: 'Zertifizierungsanträge', review: 'In Prüfung', approved: 'Genehmigt am',
    certifications: 'Zertifizierungen des eSpace', active: 'Aktiv',
  },
  en: {
    locale: 'en-GB', open: 'Ask for certification', field: 'Field of activity', sports: 'Sports federations', description: 'Description of the request',
    documents: 'Supporting documents', send: 'Send the request', sent: 'Certification request sent.',
    required: 'This field is mandatory.', kind: 'File no. 1 is neither a PDF nor a PNG or JPEG image.',
    requests: 'Certification requests', review: 'Under review', approved: 'Approved on',
    certifications: 'Certifications of this eSpace', active: 'Active',
  },
};

for (const [language, L] of Object.entries(LABELS)) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: L.locale });

    test(`a certification request approved end to end, in ${language}`, async ({ page }) => {
      await signInWith(page, CLAIRE);
      const company = unique(`Club ${language}`);
      const home = await createEspace(page, company);
      // a document already in Mes documents, to be taken from there as well
      const espace = home.split('/').pop()!;
      const origin = new URL(page.url()).origin;
      const added = await page.request.post('/api/add_document', {
        headers: { origin, accept: 'application/json' },
        multipart: { espace_id: espace, file: { name: 'affiliation.pdf', mimeType: 'application/pdf', buffer: PDF } },
      });
      expect(added.status()).toBe(200);
      await page.goto(`${home}/profile/certifications`);
      await hydrated(page);
      const requests = page.getByRole('region', { name: L.requests });

      // the form unfolds; sent empty, each field says what is missing, next to it
      await page.getByText(L.open).click();
      await page.getByRole('button', { name: L.send }).click();
      const field = page.getByRole('combobox', { name: L.field });
      const description = page.getByRole('textbox', { name: L.description });
      const documents = page.getByLabel(L.documents);
      for (const input of [field, description, documents]) {
        await expect(input).toHaveAttribute('aria-invalid', 'true');
      }
      await expect(page.locator('#request-description-error')).toHaveText(L.required);

      // a file of another kind is refused as chosen
      await field.selectOption({ label: L.sports });
      await description.fill("Club de tir à l'arc affilié à la fédération ; statuts et affiliation joints.");
      await documents.setInputFiles({ name: 'photo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
      await expect(page.locator('#request-documents-error')).toHaveText(L.kind);
      await documents.setInputFiles({ name: 'statuts.pdf', mimeType: 'application/pdf', buffer: PDF });
      await expect(page.locator('#request-documents-files')).toContainText('statuts.pdf');
      await expect(documents).toHaveAttribute('aria-invalid', 'false');
      await page.getByRole('checkbox', { name: /affiliation\.pdf/ }).check();
      await expectAccessible(page);
      await page.getByRole('button', { name: L.send }).click();
      await expect(page.getByRole('status')).toHaveText(L.sent);
      // the form is ready for another request; this one is listed, under review
      await page.getByText(L.open).click();
      await expect(description).toHaveValue('');
      const row = requests.getByRole('row', { name: new RegExp(L.sports) });
      await expect(row).toContainText(L.review);
      await expect(row).toContainText('statuts.pdf');
      await expect(row).toContainText('affiliation.pdf');

      // the operator finds it in the back office and approves it
      const line = backOffice('list').split('\n').find((l) => l.includes(company));
      expect(line).toBeTruthy();
      const id = line!.trim().split(/\s+/)[0];
      backOffice('approve', '--request', id, '--operator', 'demo');

      // the tab shows it approved, and the eSpace certified for that field
      await page.reload();
      await hydrated(page);
      await expect(row).toContainText(L.approved);
      const certified = page.getByRole('region', { name: L.certifications }).getByRole('row', { name: new RegExp(L.sports) });
      await expect(certified).toContainText(L.active);
      await expectAccessible(page);
    });
  });
}
