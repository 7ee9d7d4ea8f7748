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
