import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { STALE_FORM, forgeNextAction } from './forge';
import { fixturePeople, signIn, storageStateOf } from './personas';

test.describe.configure({ mode: 'serial' });

const TITLE = 'Akademia młodego przedsiębiorcy';
let taskPath = '';

test('a coordinator creates a task, fills in its card and plan, and assigns it to an executor', async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: storageStateOf('coordinator') });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: '3. Innowacyjna lokalna gospodarka' }).first().click();
  await page.getByRole('link', { name: 'Dodaj zadanie' }).click();
  await page.getByLabel('Nazwa zadania').fill(TITLE);
  // The weight starts empty (a default of 100% tipped the program's sum to 200%) and must be set.
  const weight = page.getByLabel('Waga zadania w programie (%)');
  await expect(weight).toHaveValue('');
  await expect(weight).toHaveAccessibleDescription(/^Suma wag pozostałych zadań programu: \d+(,\d+)?%/);
  await page.getByRole('button', { name: 'Utwórz zadanie i przejdź do karty' }).click();
  await expect(weight).toHaveAccessibleDescription(/^To pole jest wymagane\./);
  await weight.fill('12,5');
  await page.getByRole('button', { name: 'Utwórz zadanie i przejdź do karty' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Edycja karty zadania: `);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(TITLE);
  taskPath = new URL(page.url()).pathname.replace(/\/edit$/, '');

  await page.getByLabel('Adresaci').fill('Uczniowie szkół średnich, studenci');
  await page.getByRole('button', { name: 'Dodaj etap' }).click();
  await page.getByLabel('Nazwa etapu 1').fill('Przygotowanie programu');
  await page.getByLabel('Plan etapu 1 na 2012').fill('40');
  await page.getByRole('button', { name: 'Dodaj etap' }).click();
  await page.getByLabel('Nazwa etapu 2').fill('Zajęcia warsztatowe');
  await page.getByLabel('Plan etapu 2 na 2013').fill('50');
  await expect(page.getByTestId('plan-total')).toHaveText('Suma planu: 90 z 100 punktów');
  await page.getByRole('button', { name: 'Zapisz kartę' }).click();
  await expect(page.getByText('Planowane punkty wszystkich etapów muszą sumować się do 100.')).toBeVisible();
  await page.getByLabel('Plan etapu 2 na 2013').fill('60');
  await expect(page.getByTestId('plan-total')).toHaveText('Suma planu: 100 z 100 punktów');

  await page.getByRole('button', { name: 'Dodaj miernik' }).click();
  await page.getByLabel('Nazwa', { exact: true }).fill('Liczba uczestników');
  await page.getByLabel('Źródło danych').fill('WPiR');
  // A target is text and a number, like a value (issue 19: "abc" was taken and the card said "cel: abc").
  const target = page.getByLabel('Wartość docelowa 2013');
  await target.fill('abc');
  await expect(target).toHaveAccessibleDescription('Brak liczby – sprawdź wartość docelową.');
  await target.fill('ok. 120');
  await expect(target).toHaveAccessibleDescription('Odczytana liczba: 120');
  await page.getByLabel('Wartość docelowa 2012').fill('bd.');
  await page.getByRole('button', { name: 'Dodaj podmiot' }).click();
  await page.getByLabel('Nazwa podmiotu 1').fill('Wyższa Szkoła Humanistyczna');
  await page.getByRole('button', { name: 'Dodaj źródło finansowania' }).click();
  await page.getByLabel('Źródło finansowania 1 (wymagane)', { exact: true }).fill('Budżet miasta');
  await page.getByLabel('Środki 1 (udział %, albo kwota w zł)').fill('100%');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Zapisz kartę' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Karta zadania została zapisana.' })).toBeVisible();

  await page
    .getByLabel('Stanowisko realizatora (wydział i osoba odpowiedzialna)')
    .selectOption({ label: 'Naczelnik Wydziału Gospodarki (Piotr Wiśniewski)' });
  await page.getByRole('button', { name: 'Przypisz' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Realizator został przypisany.' })).toBeVisible();

  await page.goto(taskPath);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(TITLE);
  const stages = page.getByRole('table', { name: /Komórka „x\/y%”/ });
  await expect(
    stages
      .getByRole('row', { name: /^1\. Przygotowanie programu/ })
      .getByRole('cell')
      .nth(3),
  ).toHaveText('…/40%');
  await expect(page.getByRole('region', { name: 'Realizator' })).toContainText(
    'Wydział Gospodarki – Naczelnik',
  );
  const indicator = page.getByRole('row', { name: /^Liczba uczestników/ });
  await expect(indicator).toContainText('cel: ok. 120liczba: 120');
  await expect(indicator).toContainText('cel: bd.(brak liczby)');
  await expect(page.getByRole('region', { name: 'Historia zadania' })).toContainText('Zmieniono realizatora');
  await context.close();
});

test('the executor sees the new task on their home page at once', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, fixturePeople.executor.login);
  const executed = page.getByRole('heading', { name: 'Zadania, które realizuję' }).locator('..');
  await expect(executed.getByRole('link', { name: new RegExp(TITLE) })).toBeVisible();
  await context.close();
});

test('a coordinator of another program is not allowed to open its edit page by URL', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'wsr.naczelnik');
  await expect(page).toHaveURL('/');
  await page.goto(`${taskPath}/edit`);
  await expect(page.getByRole('heading', { name: 'Brak dostępu' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Zapisz kartę' })).toHaveCount(0);
  await page.goto(`${taskPath}`);
  await expect(page.getByRole('link', { name: 'Edytuj kartę' })).toHaveCount(0);
  await context.close();
});

test('the weights form names each input by its task, and says when the server refuses a hidden value', async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: storageStateOf('coordinator') });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: '3. Innowacyjna lokalna gospodarka' }).first().click();
  await page.getByRole('link', { name: 'Wagi zadań' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Wagi zadań');
  // Not only the task's name: what the number is, too.
  const seedWeight = page.getByRole('textbox', { name: /^Waga \(%\) zadania 1\. Współpraca w ramach/ });
  await expect(seedWeight).toBeVisible();
  await expect(
    page.getByRole('textbox', { name: new RegExp(`^Waga \\(%\\) zadania \\d+\\. ${TITLE}$`) }),
  ).toHaveCount(1);

  const saved = await seedWeight.inputValue();
  await forgeNextAction(page, (body) => body.replace(/"version":\d+/, '"version":0'));
  await page.getByRole('button', { name: 'Zapisz wagi' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(STALE_FORM);
  await expect(page.locator('[aria-invalid=true]')).toHaveCount(0);
  await expectAccessible(page);
  await page.reload();
  await expect(seedWeight).toHaveValue(saved);
  await context.close();
});
