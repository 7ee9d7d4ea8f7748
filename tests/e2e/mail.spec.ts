import { type Browser, type Page, expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { signIn, storageStateOf } from './personas';

/*
 * Issue 22 end to end, with no mail server (the demo's default): the office's outgoing-mail
 * screen shows the kept mails in full, so the new account's one-time link and a "forgot password"
 * link are followed from there. A link works once; used or altered, it gets a clear page.
 */
test.describe.configure({ mode: 'serial' });

const suffix = Date.now().toString(36);
const person = {
  login: `e2e.poczta.${suffix}`,
  name: `Olga Pocztowa ${suffix}`,
  email: `olga.${suffix}@leszno.example`,
};
const LINK = /\/login\/set-password\?token=[A-Za-z0-9_-]{43}/;

async function adminPage(browser: Browser) {
  const context = await browser.newContext({ storageState: storageStateOf('admin') });
  return context.newPage();
}

/** The newest kept mail of a kind to the person, opened on the office's screen; its link. */
async function keptLink(admin: Page, subject: RegExp): Promise<string> {
  let link = '';
  await expect
    .poll(
      async () => {
        await admin.goto('/admin/mail?status=kept');
        const row = admin
          .getByTestId('outbox-row')
          .filter({ hasText: person.email })
          .filter({ hasText: subject });
        if ((await row.count()) === 0) return '';
        await row.first().locator('summary').click();
        link = LINK.exec((await row.first().locator('pre').textContent()) ?? '')?.[0] ?? '';
        return link;
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toMatch(LINK);
  return link;
}

let setupLink = '';

test('a new account gets its one-time link, shown in full on the office’s outgoing-mail screen', async ({
  browser,
}) => {
  const admin = await adminPage(browser);
  await admin.goto('/admin/users');
  await admin.getByLabel('Imię i nazwisko').fill(person.name);
  await admin.getByLabel('Login').fill(person.login);
  await admin.getByLabel('E-mail').fill(person.email);
  await admin.getByLabel('Hasło początkowe').fill('haslo-poczatkowe-1');
  await admin.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(
    admin.getByRole('status').filter({ hasText: `Założono konto: ${person.name}.` }),
  ).toBeVisible();

  setupLink = await keptLink(admin, /Konto w Monitorze Strategii/);
  await expect(admin.getByRole('heading', { level: 1, name: 'Poczta wychodząca' })).toBeVisible();
  await expect(admin.getByText('Serwer poczty nie jest skonfigurowany')).toBeVisible();
  await expectAccessible(admin);
  await admin.context().close();
});

test('the link sets the password once; used again or altered, it is refused with a clear page', async ({
  page,
}) => {
  await page.goto(setupLink);
  await expect(page.getByRole('heading', { level: 1, name: 'Ustaw hasło' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(/^Nowe hasło/).fill('krotkie');
  await page.getByLabel('Powtórz nowe hasło').fill('inne');
  await page.getByRole('button', { name: 'Ustaw hasło' }).click();
  await expect(page.locator('#new-password-error')).toHaveText('Hasło musi mieć co najmniej 12 znaków.');
  await expect(page.locator('#confirm-password-error')).toHaveText('Hasła się różnią.');
  await page.getByLabel(/^Nowe hasło/).fill('moje-nowe-haslo-2026');
  await page.getByLabel('Powtórz nowe hasło').fill('moje-nowe-haslo-2026');
  await page.getByRole('button', { name: 'Ustaw hasło' }).click();
  await expect(page.getByRole('status')).toContainText(
    `Hasło ustawione. Możesz się zalogować jako ${person.login}.`,
  );

  await page.goto(setupLink);
  await expect(page.getByRole('heading', { level: 1, name: 'Link nie działa' })).toBeVisible();
  await expect(page.getByTestId('link-refused')).toHaveText(/został już użyty/);
  await expectAccessible(page);
  await page.goto(`${setupLink.slice(0, -2)}xy`);
  await expect(page.getByTestId('link-refused')).toHaveText(/niepełny lub zmieniony/);

  await signIn(page, person.login, 'moje-nowe-haslo-2026');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/account/notifications');
  await expect(page.getByRole('heading', { level: 1, name: 'Powiadomienia e-mail' })).toBeVisible();
  await expect(page.getByText(`Adres: ${person.email}`)).toBeVisible();
  await page
    .getByRole('group', { name: 'Wzmianka w komentarzu' })
    .getByRole('radio', { name: 'W podsumowaniu dnia' })
    .check();
  await page.getByRole('button', { name: 'Zapisz ustawienia' }).click();
  await expect(page.getByRole('status')).toContainText('Zapisano ustawienia powiadomień.');
  await expectAccessible(page);
  await page.reload();
  await expect(
    page
      .getByRole('group', { name: 'Wzmianka w komentarzu' })
      .getByRole('radio', { name: 'W podsumowaniu dnia' }),
  ).toBeChecked();
  // Switching the interface to English makes the person's mails English too.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'E-mail notifications' })).toBeVisible();
});

test('forgot password: the same answer for any login; the link from the mail sets a new password', async ({
  page,
  browser,
}) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Nie pamiętasz hasła?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nowe hasło' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Wyślij link' }).click();
  await expect(page.locator('#forgot-login-error')).toHaveText('To pole jest wymagane.');

  const answer =
    'Jeśli takie konto istnieje i ma adres e-mail, wysłaliśmy na niego link do ustawienia hasła.';
  await page.getByLabel('Login').fill(`nie.ma.takiego.${suffix}`);
  await page.getByRole('button', { name: 'Wyślij link' }).click();
  await expect(page.getByRole('status')).toContainText(answer);
  await page.getByLabel('Login').fill(person.login);
  await page.getByRole('button', { name: 'Wyślij link' }).click();
  await expect(page.getByRole('status')).toContainText(answer);

  const admin = await adminPage(browser);
  // In English: the language the person chose in the interface.
  const resetLink = await keptLink(admin, /Set a new password for Monitor Strategii/);
  await admin.context().close();
  expect(resetLink).not.toBe(setupLink);
  await page.goto(resetLink);
  await page.getByLabel(/^Nowe hasło/).fill('jeszcze-inne-haslo-7');
  await page.getByLabel('Powtórz nowe hasło').fill('jeszcze-inne-haslo-7');
  await page.getByRole('button', { name: 'Ustaw hasło' }).click();
  await expect(page.getByRole('status')).toContainText('Hasło ustawione.');
  await signIn(page, person.login, 'jeszcze-inne-haslo-7');
  await expect(page).toHaveURL(/\/$/);
});
