import { test, expect, expectAccessible, hydrated, signInWith, FIDUCIARY, JEAN, MULLER } from './fixtures';

// "Mes données professionnelles" in the two other languages, each read by a demo person who
// saved it (the French flow, in every mode, is in seed_flows.spec.ts).

test('a member without signature of the fiduciary consults its principals\' data, in German', async ({ page }) => {
  await signInWith(page, JEAN);
  await page.getByRole('main').getByRole('link', { name: FIDUCIARY }).click();
  await page.getByRole('main').getByRole('link', { name: 'Meine Unternehmensdaten' }).click();
  await hydrated(page);
  const muller = page.getByRole('region', { name: `Vollmachtgeber: ${MULLER}`, exact: true });
  await expect(muller.getByRole('heading', { name: 'Handels- und Firmenregister (RCS)' })).toBeVisible();
  await expect(muller.getByRole('definition').filter({ hasText: '16.03.1998' })).toBeVisible();
  const bakery = page.getByRole('region', { name: 'Vollmachtgeber: Boulangerie Schmit S.A.', exact: true });
  await expect(bakery).toContainText('Diese Quelle hat keine Daten zu diesem Unternehmen.');
  await expectAccessible(page);
});

test('a member of the company consults its own data, in English', async ({ page }) => {
  // Sophie, without signature at Muller & Fils, reads English
  await signInWith(page, { ssn: '47268315904726831590' });
  await page.getByRole('main').getByRole('link', { name: MULLER }).click();
  await page.getByRole('main').getByRole('link', { name: 'My business data' }).click();
  await hydrated(page);
  const own = page.getByRole('region', { name: 'Your company — no. 19982201120', exact: true });
  await expect(own.getByRole('definition').filter({ hasText: '1998-03-16' })).toBeVisible();
  await expect(own.getByRole('definition').filter({ hasText: 'Claire Muller, Jean Weber' })).toBeVisible();
  await expect(own).toContainText('Registration as an employer');
  await expect(own).not.toContainText('This source holds no data about this company.');
  await expectAccessible(page);
});
