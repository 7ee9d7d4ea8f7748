import { type Browser, expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { DIRECTORY } from '../support/slapd';
import { signIn, storageStateOf } from './personas';

/*
 * The strategy office's people screens: a new account gets a post; a deactivated account's open
 * browser session is refused at its next request. Uses the fixture director of the Miejskie
 * Centrum Kultury (no other spec signs in as them) and accounts it creates itself.
 */
test.describe.configure({ mode: 'serial' });

const DEACTIVATED = { login: 'mck.dyrektor', name: 'Marek Kamiński' };

async function adminPage(browser: Browser) {
  const context = await browser.newContext({ storageState: storageStateOf('admin') });
  return context.newPage();
}

test('the admin creates a user and gives them a post', async ({ browser }) => {
  const suffix = Date.now().toString(36);
  const person = { login: `e2e.${suffix}`, name: `Zofia Testowa ${suffix}`, password: 'haslo-poczatkowe-1' };
  const postName = `Inspektor ds. monitoringu ${suffix}`;
  const admin = await adminPage(browser);

  await admin.goto('/admin/users');
  await expect(admin.getByRole('heading', { level: 1, name: 'Użytkownicy' })).toBeVisible();
  await expectAccessible(admin);

  // Errors are named at each field, in Polish; nothing is created.
  await admin.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(admin.locator('#new-user-displayName-error')).toHaveText('To pole jest wymagane.');
  await expect(admin.getByLabel('Imię i nazwisko')).toHaveAttribute('aria-invalid', 'true');
  await admin.getByLabel('Imię i nazwisko').fill(person.name);
  await admin.getByLabel('Login').fill('ADMIN');
  await admin.getByLabel('E-mail').fill('to-nie-adres');
  await admin.getByLabel('Hasło początkowe').fill('krotkie');
  await admin.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(admin.locator('#new-user-email-error')).toHaveText(/Podaj poprawny adres e-mail/);
  await expect(admin.locator('#new-user-password-error')).toHaveText(
    'Hasło musi mieć co najmniej 12 znaków.',
  );
  await admin.getByLabel('E-mail').fill('');
  await admin.getByLabel('Hasło początkowe').fill(person.password);
  await admin.getByRole('button', { name: 'Załóż konto' }).click();
  // The login is checked on the server: case does not matter.
  await expect(admin.locator('#new-user-login-error')).toHaveText(/Ten login jest już zajęty/);

  await admin.getByLabel('Login').fill(person.login);
  await admin.getByLabel('Wydział lub jednostka').selectOption({ label: 'Biuro Strategii' });
  await admin.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(
    admin.getByRole('status').filter({ hasText: `Założono konto: ${person.name}.` }),
  ).toBeVisible();
  const row = admin.getByRole('row', { name: new RegExp(person.name) });
  await expect(row).toContainText('Biuro Strategii');
  await expect(row).toContainText('brak stanowiska');

  // A new post, then the new person on it from today.
  await admin.goto('/admin/posts');
  await admin.getByLabel('Nazwa stanowiska').fill(postName);
  await admin.getByLabel('Funkcja').fill('Inspektor');
  await admin.getByRole('button', { name: 'Dodaj stanowisko' }).click();
  await expect(
    admin.getByRole('status').filter({ hasText: `Dodano stanowisko: ${postName}.` }),
  ).toBeVisible();
  await admin.getByRole('link', { name: postName }).click();
  await expect(admin.getByRole('heading', { level: 1, name: postName })).toBeVisible();
  await expect(admin.getByTestId('current-holder')).toHaveText('Stanowisko jest teraz nieobsadzone.');

  await admin.getByLabel('Osoba').selectOption({ label: `${person.name} (${person.login})` });
  await admin.getByRole('button', { name: 'Przypisz osobę' }).click();
  await expect(
    admin.getByRole('status').filter({ hasText: 'Zapisano nową obsadę stanowiska.' }),
  ).toBeVisible();
  await expect(admin.getByTestId('current-holder')).toContainText(`Obecnie: ${person.name}`);
  await expect(
    admin
      .getByRole('table', { name: 'Historia obsady stanowiska' })
      .getByRole('row', { name: /Zofia Testowa/ }),
  ).toContainText('nadal');
  await expectAccessible(admin);

  // A role, then ending it: asked first in a labelled dialog; Escape cancels and focus comes back.
  await admin.getByLabel('Rodzaj roli').selectOption({ label: 'Administrator' });
  await admin.getByRole('button', { name: 'Nadaj rolę' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Nadano rolę.' })).toBeVisible();
  const endButton = admin.getByRole('button', { name: /^Zakończ rolę: Administrator/ });
  await endButton.click();
  const dialog = admin.getByRole('dialog', { name: 'Zakończyć rolę?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Anuluj' })).toBeFocused();
  await expectAccessible(admin);
  await admin.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(endButton).toBeFocused();
  await endButton.click();
  await dialog.getByRole('button', { name: 'Zakończ' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Rola zakończona.' })).toBeVisible();
  await expect(admin.getByText('Stanowisko nie ma teraz żadnej roli.')).toBeVisible();
  await expect(admin.getByRole('table', { name: 'Historia ról stanowiska' })).toContainText('Administrator');

  // The list of users shows the post; the new person signs in with the initial password.
  await admin.goto('/admin/users');
  await expect(admin.getByRole('row', { name: new RegExp(person.name) })).toContainText(postName);
  const newcomerContext = await browser.newContext();
  const newcomer = await newcomerContext.newPage();
  await signIn(newcomer, person.login, person.password);
  await expect(newcomer.getByRole('banner')).toContainText(person.name);
  await newcomerContext.close();
  await admin.context().close();
});

test('a deactivated user is refused at the next request; reactivated, signs in again', async ({
  browser,
}) => {
  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  await signIn(user, DEACTIVATED.login);
  await expect(
    user.getByRole('heading', { level: 1, name: `Dzień dobry, ${DEACTIVATED.name}` }),
  ).toBeVisible();

  const admin = await adminPage(browser);
  await admin.goto('/admin/users');
  await admin.getByRole('link', { name: DEACTIVATED.name }).click();
  await expect(admin.getByRole('heading', { level: 1, name: DEACTIVATED.name })).toBeVisible();
  await expect(admin.getByTestId('account-state')).toContainText('Konto jest aktywne.');

  await admin.getByRole('button', { name: 'Dezaktywuj konto' }).click();
  const dialog = admin.getByRole('dialog', { name: `Dezaktywować konto: ${DEACTIVATED.name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('wylogowana we wszystkich przeglądarkach');
  await dialog.getByRole('button', { name: 'Dezaktywuj konto' }).click();
  await expect(
    admin.getByRole('status').filter({ hasText: /Konto dezaktywowane\. Zakończone sesje: [1-9]/ }),
  ).toBeVisible();
  await expect(admin.getByTestId('account-state')).toHaveText(
    'Konto jest nieaktywne – ta osoba nie może się zalogować.',
  );

  // The open browser session: refused at the next page load.
  await user.reload();
  await expect(user).toHaveURL(/\/login/);
  await expect(user.getByRole('heading', { name: 'Logowanie' })).toBeVisible();
  await signIn(user, DEACTIVATED.login);
  await expect(user.getByRole('main').getByRole('alert')).toHaveText('Nieprawidłowy login lub hasło.');

  await admin.goto('/admin/users');
  await expect(admin.getByRole('row', { name: new RegExp(DEACTIVATED.name) })).toContainText('Nieaktywne');
  await admin.getByRole('link', { name: DEACTIVATED.name }).click();
  await admin.getByRole('button', { name: 'Aktywuj konto ponownie' }).click();
  await admin
    .getByRole('dialog', { name: `Aktywować ponownie konto: ${DEACTIVATED.name}?` })
    .getByRole('button', { name: 'Aktywuj konto ponownie' })
    .click();
  await expect(admin.getByRole('status').filter({ hasText: 'Konto jest znów aktywne.' })).toBeVisible();

  await signIn(user, DEACTIVATED.login);
  await expect(
    user.getByRole('heading', { level: 1, name: `Dzień dobry, ${DEACTIVATED.name}` }),
  ).toBeVisible();
  await userContext.close();
  await admin.context().close();
});

test('someone who is not an administrator is refused the people screens', async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateOf('coordinator') });
  const page = await context.newPage();
  for (const path of [
    '/admin/users',
    '/admin/posts',
    '/admin/departments',
    '/admin/users/1',
    '/admin/posts/1',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: 'Brak dostępu' })).toBeVisible();
  }
  await context.close();
});

test('an account of the office directory keeps no password in the app and signs in with the domain one', async ({
  browser,
}) => {
  const person = { login: 'J.Kowalska', name: 'Joanna Kowalska' };
  const domainPassword = DIRECTORY.accounts['j.kowalska'];
  const admin = await adminPage(browser);
  await admin.goto('/admin/users');
  await admin.getByLabel('Imię i nazwisko').fill(person.name);
  await admin.getByLabel('Login').fill(person.login);
  await expect(admin.getByRole('radio', { name: 'Hasło w aplikacji' })).toBeChecked();
  await admin.getByRole('radio', { name: 'Konto w katalogu urzędu (Active Directory / LDAP)' }).check();
  // No password to type, and the form says why.
  await expect(admin.getByLabel('Hasło początkowe')).toHaveCount(0);
  await expect(admin.getByRole('group', { name: 'Sposób logowania' })).toContainText(
    'aplikacja nie przechowuje jej hasła',
  );
  await expectAccessible(admin);
  await admin.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(
    admin.getByRole('status').filter({ hasText: `Założono konto: ${person.name}.` }),
  ).toBeVisible();
  await expect(admin.getByRole('row', { name: new RegExp(person.name) })).toContainText('katalog urzędu');

  // She signs in with her domain password (the name in any case); a wrong one gets the usual answer.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'j.kowalska', 'nie-to-haslo');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Nieprawidłowy login lub hasło.');
  // With a directory configured, the sign-in page says which password to use.
  await expect(page.getByRole('main')).toContainText('których używasz w domenie urzędu');
  await signIn(page, 'j.kowalska', domainPassword);
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('banner')).toContainText(person.name);

  // The office moves her to a password of the app: her open session ends, the domain password no longer works.
  await admin.getByRole('link', { name: person.name }).click();
  await expect(admin.getByRole('heading', { level: 1, name: person.name })).toBeVisible();
  const signInSection = admin.getByRole('region', { name: 'Logowanie' });
  await expect(signInSection).toContainText('Ta osoba loguje się teraz przez katalog urzędu.');
  await expect(signInSection.getByRole('radio', { name: /Konto w katalogu urzędu/ })).toBeChecked();
  await signInSection.getByRole('radio', { name: 'Hasło w aplikacji' }).check();
  await signInSection.getByLabel(/^Nowe hasło/).fill('haslo-w-aplikacji-2026');
  await signInSection.getByLabel('Powtórz nowe hasło').fill('haslo-w-aplikacji-2026');
  await expectAccessible(admin);
  await signInSection.getByRole('button', { name: 'Ustaw nowe hasło' }).click();
  await expect(signInSection.getByRole('status')).toHaveText('Ustawiono nowe hasło. Zakończone sesje: 1.');
  await expect(signInSection).toContainText('Ta osoba loguje się teraz hasłem w aplikacji.');

  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, 'j.kowalska', domainPassword);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Nieprawidłowy login lub hasło.');
  await signIn(page, 'j.kowalska', 'haslo-w-aplikacji-2026');
  await expect(page).toHaveURL('/');
  await context.close();

  // The change log has it: who, about whom, what, and the value before and after.
  await admin.goto('/admin');
  await admin.getByRole('link', { name: 'Dziennik zmian' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Dziennik zmian' })).toBeVisible();
  await admin.getByLabel('Czego dotyczy').selectOption({ label: 'Użytkownik' });
  await admin.getByRole('button', { name: 'Pokaż' }).click();
  await expect(admin).toHaveURL(/entity=user/);
  const newest = admin.getByTestId('audit-entry').first();
  await expect(newest).toContainText('Ewa Zielińska');
  await expect(newest.getByRole('link', { name: person.name })).toHaveAttribute(
    'href',
    /\/admin\/users\/\d+$/,
  );
  await expect(newest).toContainText('nowe hasło');
  // Stored codes read as words: the way of signing in by its name, not "directory → password".
  await expect(newest).toContainText('Sposób logowania: katalog (AD/LDAP) → hasło');
  await expect(newest).not.toContainText('directory');
  await expect(admin.getByTestId('audit-entry').nth(1)).toContainText('utworzenie');
  await expectAccessible(admin);
  await admin.context().close();
});
