import { expect, test } from '@playwright/test';

/*
 * The lock seen from the form. The server really waits (1, 2, 4, then 5 s from the 4th try), so
 * this takes about half a minute; the policy itself is tested in tests/integration/login-throttle.test.ts.
 */
test('after ten failures an unknown login gets the lockout message, worded as for a real one', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/login');
  const alert = page.getByRole('main').getByRole('alert');
  const invalid = 'Nieprawidłowy login lub hasło.';
  const throttled = 'Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za kilka minut.';
  // One try: wait for the server's answer to the sign-in request, then for the message.
  const tryOnce = async (login: string, expected: string) => {
    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Hasło').fill('zle-haslo');
    const answered = page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials'), {
      timeout: 15_000,
    });
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    await answered;
    await expect(alert).toHaveText(expected);
  };
  const login = `nieznany-${Date.now()}`;
  for (let i = 0; i < 10; i++) await tryOnce(login, invalid);
  await tryOnce(login, throttled);
  // Another spelling of the same login is the same counter.
  await tryOnce(login.toUpperCase(), throttled);
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});
