import { expect, test } from '@playwright/test';
import { personas, signIn } from './personas';

test.describe('signing in', () => {
  test('the goal owner signs in and sees the goal they own', async ({ page }) => {
    await signIn(page, personas.goalOwner.login);
    await expect(page).toHaveURL('/');
    await expect(page.getByRole('heading', { name: 'Cele, których jestem szefem' })).toBeVisible();
    await expect(
      page.getByRole('link', { name: /^Cel I – Zmodernizowanie lokalnej gospodarki/ }),
    ).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Sekretarz Miasta Leszna');
  });

  test('the coordinator, also the executor of the seed task, sees both', async ({ page }) => {
    await signIn(page, personas.coordinator.login);
    await expect(page.getByRole('heading', { name: 'Programy, które koordynuję' })).toBeVisible();
    await expect(page.getByRole('link', { name: '3. Innowacyjna lokalna gospodarka' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Zadania, które realizuję' })).toBeVisible();
    await expect(
      page.getByRole('link', { name: /^1\. Współpraca w ramach „potrójnej spirali/ }),
    ).toBeVisible();
  });

  test('the admin signs in and reaches the strategy', async ({ page }) => {
    await signIn(page, personas.admin.login);
    await expect(
      page.getByRole('heading', { level: 1, name: `Dzień dobry, ${personas.admin.name}` }),
    ).toBeVisible();
    await page.getByRole('link', { name: 'Strategia rozwoju Leszna' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Strategia rozwoju Leszna' })).toBeVisible();
  });

  test('a wrong password gives a clear Polish message and no session', async ({ page }) => {
    await signIn(page, personas.goalOwner.login, 'zle-haslo');
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Nieprawidłowy login lub hasło.');
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });

  test('empty fields are named at each field', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    await expect(page.locator('#login-error')).toHaveText('To pole jest wymagane.');
    await expect(page.locator('#password-error')).toHaveText('To pole jest wymagane.');
    await expect(page.getByLabel('Login')).toHaveAttribute('aria-invalid', 'true');
    // The first field in error takes the focus; once corrected, its error goes as the user types.
    await expect(page.getByLabel('Login')).toBeFocused();
    await page.getByLabel('Login').fill('ktoś');
    await expect(page.locator('#login-error')).toHaveCount(0);
    await expect(page.getByLabel('Login')).not.toHaveAttribute('aria-invalid');
    await expect(page.locator('#password-error')).toHaveText('To pole jest wymagane.');
  });

  test('an anonymous visit to a task lands on the login page, and signing in leads back', async ({
    page,
  }) => {
    await page.goto('/tasks/1');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftasks%2F1$/);
    await expect(page.getByRole('heading', { name: 'Logowanie' })).toBeVisible();
    await page.getByLabel('Login').fill(personas.goalOwner.login);
    await page.getByLabel('Hasło').fill('demo-Leszno-2009');
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    await expect(page).toHaveURL('/tasks/1');
  });

  test('signing out ends the session: the old cookie no longer opens anything', async ({ page, browser }) => {
    await signIn(page, personas.coordinator.login);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Dzień dobry');
    const captured = await page.context().cookies();
    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await expect(page).toHaveURL(/\/login/);

    const replay = await browser.newContext();
    await replay.addCookies(captured);
    const other = await replay.newPage();
    await other.goto('/tasks/1');
    await expect(other).toHaveURL(/\/login/);
    await expect(other.getByRole('heading', { name: 'Logowanie' })).toBeVisible();
    await replay.close();
  });
});
