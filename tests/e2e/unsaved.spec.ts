import { expect, test } from '@playwright/test';
import { storageStateOf } from './personas';

test.use({ storageState: storageStateOf('coordinator') });

test('a link inside the app asks before unsaved changes are lost, and goes only when confirmed', async ({
  page,
}) => {
  const questions: string[] = [];
  await page.goto('/tasks/1/edit');
  const addressees = page.getByLabel('Adresaci');
  const typed = `${await addressees.inputValue()} oraz organizacje pozarządowe`;
  await addressees.fill(typed);

  page.once('dialog', async (dialog) => {
    questions.push(dialog.message());
    await dialog.dismiss();
  });
  await page.getByRole('link', { name: 'Start' }).first().click();
  await expect
    .poll(() => questions)
    .toEqual(['Masz niezapisane zmiany. Opuścić stronę? Zmiany zostaną utracone.']);
  await expect(page).toHaveURL(/\/tasks\/1\/edit$/);
  await expect(addressees).toHaveValue(typed);

  page.once('dialog', async (dialog) => {
    questions.push(dialog.message());
    await dialog.accept();
  });
  await page.getByRole('link', { name: 'Start' }).first().click();
  await expect(page).toHaveURL(/\/$/);
  expect(questions).toHaveLength(2);
});

test('without changes a link is followed without a question', async ({ page }) => {
  let asked = false;
  page.on('dialog', async (dialog) => {
    asked = true;
    await dialog.dismiss();
  });
  await page.goto('/tasks/1/edit');
  await expect(page.getByLabel('Adresaci')).toBeVisible();
  await page.getByRole('link', { name: 'Start' }).first().click();
  await expect(page).toHaveURL(/\/$/);
  expect(asked).toBe(false);
});

test('the Back button asks before unsaved changes are lost, and goes back only when confirmed', async ({
  page,
}) => {
  const questions: string[] = [];
  // Where the page really is (Playwright's own record of the URL is unreliable after a cancelled Back).
  const path = () => page.evaluate(() => window.location.pathname);
  await page.goto('/tasks/1');
  await page.getByRole('link', { name: 'Edytuj kartę' }).click();
  await expect.poll(path).toBe('/tasks/1/edit');
  const addressees = page.getByLabel('Adresaci');
  const typed = `${await addressees.inputValue()} oraz rady osiedli`;
  await addressees.fill(typed);

  page.once('dialog', async (dialog) => {
    questions.push(dialog.message());
    await dialog.dismiss();
  });
  void page.goBack().catch(() => null);
  await expect
    .poll(() => questions)
    .toEqual(['Masz niezapisane zmiany. Opuścić stronę? Zmiany zostaną utracone.']);
  expect(await path()).toBe('/tasks/1/edit');
  await expect(addressees).toHaveValue(typed);

  page.once('dialog', async (dialog) => {
    questions.push(dialog.message());
    await dialog.accept();
  });
  void page.goBack().catch(() => null);
  await expect.poll(path).toBe('/tasks/1');
  expect(questions).toHaveLength(2);
});

test('a row’s Remove button says which row, and after removing it focus stays in its section', async ({
  page,
}) => {
  await page.goto('/tasks/1/edit');
  const partnerNames = page.getByLabel(/^Nazwa podmiotu \d+ \(wymagane\)$/);
  const before = await partnerNames.count();
  expect(before).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Usuń podmiot 1' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Usuń' }).click();
  await expect(partnerNames).toHaveCount(before - 1);
  await expect(page.getByRole('button', { name: 'Dodaj podmiot' })).toBeFocused();
});
