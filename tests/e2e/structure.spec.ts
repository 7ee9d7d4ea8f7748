import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { STALE_FORM, forgeNextAction } from './forge';
import { storageStateOf } from './personas';

/*
 * The strategy office's structure page shows a form per strategy, goal and program, all with the
 * same fields. A screen reader user moving through them must hear which goal or program each
 * field and button belongs to. Nothing here is saved.
 */
test.use({ storageState: storageStateOf('admin') });

test('every goal and program form is a group named by its heading, and its buttons say what they save', async ({
  page,
}) => {
  await page.goto('/admin/structure');
  await expect(page.getByRole('heading', { level: 1, name: 'Struktura strategii' })).toBeVisible();

  const goal = page.getByRole('group', { name: /^Cel I – / });
  await expect(goal).toHaveCount(1);
  await expect(goal.getByRole('textbox', { name: 'Numer (wymagane)' })).toHaveValue('1');
  await expect(goal.getByRole('button', { name: 'Zapisz cel I' })).toHaveText('Zapisz');

  const program = page.getByRole('group', { name: 'Program 3. Innowacyjna lokalna gospodarka' });
  await expect(program.getByRole('textbox', { name: 'Nazwa (wymagane)' })).toHaveValue(
    'Innowacyjna lokalna gospodarka',
  );
  await expect(program.getByRole('button', { name: 'Zapisz program 3 celu I' })).toHaveText('Zapisz');

  const newProgram = page.getByRole('group', { name: 'Nowy program w celu I', exact: true });
  await expect(
    newProgram.getByRole('button', { name: 'Dodaj program do celu I', exact: true }),
  ).toBeVisible();
  await expect(
    page
      .getByRole('group', { name: 'Nowy program w celu II' })
      .getByRole('button', { name: 'Dodaj program do celu II' }),
  ).toBeVisible();
  await expect(page.getByRole('group', { name: 'Nowa strategia' })).toBeVisible();

  // No button is only "Zapisz", no input sits outside a named group.
  await expect(page.getByRole('button', { name: 'Zapisz', exact: true })).toHaveCount(0);
  const ungrouped = await page
    .locator('main input:not([type=hidden]), main select')
    .evaluateAll((fields) => fields.filter((field) => !field.closest('[role=group]')).length);
  expect(ungrouped).toBe(0);
  await expectAccessible(page);
});

test('a hidden value the server refuses is said at the form, not swallowed', async ({ page }) => {
  await page.goto('/admin/structure');
  const goal = page.getByRole('group', { name: /^Cel I – / });
  await forgeNextAction(page, (body) => body.replace(/"version":\d+/, '"version":0'));
  await goal.getByRole('button', { name: 'Zapisz cel I' }).click();
  await expect(goal.getByRole('alert')).toHaveText(STALE_FORM);
  // Every field the user can see is fine: none is marked.
  await expect(goal.locator('[aria-invalid=true]')).toHaveCount(0);
  await expectAccessible(page);
});

test('a program without tasks is shown as such on its goal’s page and left out of the goal’s progress', async ({
  page,
}) => {
  const goalLink = /^Cel II – /;
  await page.goto('/strategies/1');
  await page.getByRole('link', { name: goalLink }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Cel II');
  const goalUrl = page.url();
  const progress = page.getByTestId('goal-progress');
  const before = (await progress.textContent()) ?? '';
  await expect(page.getByTestId('programs-not-counted')).toHaveCount(0);

  // The office adds a program with no tasks yet to goal II (an empty program once halved its goal).
  await page.goto('/admin/structure');
  const newProgram = page.getByRole('group', { name: 'Nowy program w celu II', exact: true });
  await newProgram.getByRole('textbox', { name: 'Numer (wymagane)' }).fill('9');
  await newProgram.getByRole('textbox', { name: 'Nazwa (wymagane)' }).fill('Program bez zadań');
  await newProgram.getByRole('button', { name: 'Dodaj program do celu II' }).click();
  await expect(page.getByRole('group', { name: 'Program 9. Program bez zadań' })).toBeVisible();

  await page.goto(goalUrl);
  await expect(progress).toHaveText(before);
  await expect(page.getByTestId('programs-not-counted')).toHaveText(
    'Program bez zadań nie jest wliczany do postępu celu, dopóki ich nie dostanie: 9. Program bez zadań.',
  );
  await expect(page.getByRole('row', { name: /^9\. Program bez zadań/ })).toContainText(
    'brak zadań – nie wlicza się do postępu celu',
  );
  await expectAccessible(page);
});

test.describe('before the browser has attached the form’s handlers', () => {
  // The server's HTML as it stands until hydration: what a user types or clicks then would be lost
  // (a native submit reloads the page; the form library overwrites early text with its default).
  test.use({ javaScriptEnabled: false });

  test('the forms’ fields and buttons are disabled, so nothing typed or clicked is lost', async ({
    page,
  }) => {
    await page.goto('/admin/structure');
    const newProgram = page.getByRole('group', { name: 'Nowy program w celu II', exact: true });
    await expect(newProgram.getByRole('textbox', { name: 'Nazwa (wymagane)' })).toBeDisabled();
    await expect(newProgram.getByRole('button', { name: 'Dodaj program do celu II' })).toBeDisabled();
    // No extra group is announced around the fields: the form's own group is the only one.
    await expect(page.locator('fieldset[role=presentation]').first()).toBeAttached();
    await expect(page.getByRole('group', { name: /^Cel I – / })).toHaveCount(1);
  });
});
