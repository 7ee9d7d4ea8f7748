import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { storageStateOf } from './personas';

test.use({ storageState: storageStateOf('goalOwner') });

async function openSeedTask(page: Page) {
  await page.goto('/');
  await page.getByRole('link', { name: /^Cel I – / }).click();
  await page.getByRole('link', { name: '3. Innowacyjna lokalna gospodarka' }).click();
  await page.getByRole('link', { name: /^1\. Współpraca w ramach/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    '1. Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)',
  );
}

test('the seed task card shows its numbers', async ({ page }) => {
  await openSeedTask(page);
  const stages = page.getByRole('table', { name: /Komórka „x\/y%”/ });
  const row = (name: RegExp) => stages.getByRole('row', { name });
  await expect(row(/^1\. Diagnoza stanu obecnego/).getByRole('cell')).toHaveText([
    '15/15%',
    '-',
    '-',
    '-',
    '-',
  ]);
  await expect(row(/^3\. Wymiana doświadczeń/).getByRole('cell')).toHaveText([
    '15/15%',
    '15/15%',
    '10/10%',
    '-',
    '-',
  ]);
  await expect(row(/^4\. Wypracowanie Lokalnego Planu/).getByRole('cell')).toHaveText([
    '4/10%',
    '2/10%',
    '10/10%',
    '-',
    '-',
  ]);
  await expect(page.getByTestId('task-progress')).toHaveText('86%');
  await expect(page.getByText('Opóźnione')).toBeVisible();
  await expect(page.getByTestId('schedule-detail')).toContainText('zrealizowano 86 z 100 pkt planowanych');

  await expect(page.getByRole('region', { name: 'Realizator' })).toContainText(
    'Wydział Promocji i Rozwoju – Naczelnik',
  );
  const partners = page.getByRole('region', { name: 'Podmioty współpracujące' }).getByRole('rowheader');
  await expect(partners).toHaveCount(6);
  await expect(partners.nth(4)).toHaveText('Centrum Innowacji i Transferu Technologii');
  await expect(partners.nth(5)).toHaveText('Regionalna Izba Przemysłowo Handlowa');

  const indicators = page.getByRole('region', { name: 'Mierniki dla realizacji zadania' });
  await expect(
    indicators.getByRole('row', { name: /Nowe kierunki na uczelniach wyższych/ }).getByRole('cell'),
  ).toHaveText(['WPiR- szkoły wyższe', '0', '1', '2', '1', '1']);
  await expect(indicators.locator('[data-indicator-type="impact"]')).toContainText('Brak');

  const budget = page.getByRole('region', { name: 'Budżet zadania' });
  await expect(budget).toContainText('Z budżetu projektu:');
  await expect(budget.getByRole('row', { name: /Program Urbact/ })).toContainText('80%');
  await expect(budget.getByRole('row', { name: /Miasto Leszno/ })).toContainText('20%');
  await expect(page.getByRole('region', { name: 'Planowany całkowity koszt realizacji' })).toContainText(
    'nie podano',
  );
});

test('the program lists its tasks with weight, progress and the weighted total', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /^Cel I – / }).click();
  await page.getByRole('link', { name: '3. Innowacyjna lokalna gospodarka' }).click();
  const seedTask = page.getByRole('row', { name: /^1\. Współpraca/ });
  await expect(seedTask.getByRole('cell')).toContainText([
    'Wydział Promocji i Rozwoju – Naczelnik',
    '100%',
    '86%',
    'Opóźnione',
  ]);

  const percent = (text: string) => Number(text.replace('%', '').replace(',', '.'));
  const rows = page.getByRole('table').locator('tbody tr');
  let weighted = 0;
  let weights = 0;
  for (const row of await rows.all()) {
    const cells = row.getByRole('cell');
    const weight = percent(await cells.nth(1).innerText());
    const progress = percent((await cells.nth(2).innerText()).trim());
    weighted += weight * progress;
    weights += weight;
  }
  // Other tests add tasks (the fixture's has weight 50): weights need not sum to 100, the total is normalised.
  const expected = Math.round((weighted / weights) * 100) / 100;
  await expect(page.getByTestId('program-progress')).toHaveText(`${String(expected).replace('.', ',')}%`);
  await expect(page.getByTestId('weight-sum')).toHaveText(`${String(weights).replace('.', ',')}%`);
  await expect(
    page.getByText(`Suma wag zadań wynosi ${String(weights).replace('.', ',')}%, a nie 100%.`),
  ).toBeVisible();
});

test('every read view passes an axe check (WCAG 2.1 AA)', async ({ page }) => {
  await page.goto('/');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Strategia rozwoju Leszna' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Strategia rozwoju Leszna');
  await expectAccessible(page);
  await openSeedTask(page);
  await expectAccessible(page);
  await page
    .getByRole('navigation', { name: 'Ścieżka nawigacji' })
    .getByRole('link', { name: /^3\./ })
    .click();
  await expectAccessible(page);
  await page
    .getByRole('navigation', { name: 'Ścieżka nawigacji' })
    .getByRole('link', { name: 'Cel I' })
    .click();
  await expectAccessible(page);
});

test('the login page passes an axe check', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/login');
  await expectAccessible(page);
  await context.close();
});

test('an unknown id gives the 404 page, not a crash', async ({ page }) => {
  for (const path of ['/tasks/999999', '/tasks/abc', '/programs/0', '/goals/99999999999', '/strategies/77']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Nie znaleziono strony' })).toBeVisible();
  }
});

test('the language switch shows the card in English and back', async ({ page }) => {
  await openSeedTask(page);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { name: 'Stages' })).toBeVisible();
  await expect(page.getByText('Behind plan')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Przełącz na język polski' }).click();
  await expect(page.getByRole('heading', { name: 'Etapy realizacji zadania' })).toBeVisible();
});

test('printing the card leaves out the navigation', async ({ page }) => {
  await openSeedTask(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Ścieżka nawigacji' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Drukuj' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});
