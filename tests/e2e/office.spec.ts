import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { storageStateOf } from './personas';

/*
 * Issue 19: the strategy office's home page gives an overview of the years open for reporting
 * (not "Nie masz przypisanych celów…"), and the reports behind a count are one link away. A
 * coordinator has a dashboard of their programs. Other specs open years in the shared database,
 * so these checks use what the demo data always holds (2011's approved history report).
 */

test.describe('the strategy office', () => {
  test.use({ storageState: storageStateOf('admin') });

  test('sees the reporting overview at home and the list of reports of a year by state', async ({ page }) => {
    await page.goto('/');
    await expect(
      page.getByRole('heading', { level: 2, name: 'Sprawozdawczość: otwarte lata' }),
    ).toBeVisible();
    await expect(page.getByText('Nie masz przypisanych celów, programów ani zadań.')).toHaveCount(0);
    await expectAccessible(page);

    await page.goto('/admin/reporting/1/2011?status=approved');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Sprawozdania za 2011 r.: Zatwierdzone' }),
    ).toBeVisible();
    const filters = page.getByRole('navigation', { name: 'Stan sprawozdań' });
    await expect(filters.getByText('Zatwierdzone')).toHaveAttribute('aria-current', 'page');
    const row = page.getByRole('row', { name: /I\.3\.1 Współpraca w ramach/ });
    await expect(row).toContainText('Zatwierdzone');
    await expect(row.getByRole('link')).toHaveAttribute('href', /\/reports\/2011$/);
    await expectAccessible(page);

    await filters.getByRole('link', { name: 'Zwrócone' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Sprawozdania za 2011 r.: Zwrócone' }),
    ).toBeVisible();
    await expect(page.getByRole('row', { name: /I\.3\.1 Współpraca w ramach/ })).toHaveCount(0);
  });
});

test.describe('a coordinator', () => {
  test.use({ storageState: storageStateOf('coordinator') });

  test('opens the dashboard of their programs, named', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Pulpit' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Pulpit' })).toBeVisible();
    await expect(page.getByText(/zakres: moje programy/)).toBeVisible();
    await expect(
      page.getByRole('table', { name: /Postęp programów/ }).getByRole('link', {
        name: 'I.3 Innowacyjna lokalna gospodarka',
      }),
    ).toBeVisible();
    await expectAccessible(page);
  });
});
