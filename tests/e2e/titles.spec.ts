import { type Page, expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { storageStateOf } from './personas';

/*
 * Every page names what it shows in the document's title (WCAG 2.4.2): the tab, the history and a
 * screen reader announce it. Checked after a click in the app and again after a full load, where a
 * title rendered in the page's body would lose to the layout's.
 */
const APP = 'Monitor Strategii';

async function expectTitle(page: Page, title: string) {
  await expect(page).toHaveTitle(`${title} · ${APP}`);
  await page.reload();
  await expect(page).toHaveTitle(`${title} · ${APP}`);
  await expect(page.locator('title')).toHaveCount(1);
}

test.describe('as the strategy office', () => {
  test.use({ storageState: storageStateOf('admin') });

  test('the strategy, goal, program, task, its editor, weights, new task and both reports have titles', async ({
    page,
  }) => {
    const program = '3. Innowacyjna lokalna gospodarka';
    const task = '1. Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)';
    await page.goto('/');
    await page.getByRole('link', { name: 'Strategia rozwoju Leszna' }).first().click();
    await expectTitle(page, 'Strategia rozwoju Leszna');
    const strategyUrl = page.url();

    await page.getByRole('link', { name: /^Cel I – / }).click();
    await expectTitle(
      page,
      'Cel I – Zmodernizowanie lokalnej gospodarki oraz przyciągnięcie innowacyjnych inwestycji dla budowania trwałego, zrównoważonego rozwoju gospodarczego',
    );
    await page.getByRole('link', { name: program }).click();
    await expectTitle(page, program);
    const programUrl = page.url();
    await page.getByRole('link', { name: 'Wagi zadań' }).click();
    await expectTitle(page, `Wagi zadań w programie: ${program}`);
    await page.goto(programUrl);
    await page.getByRole('link', { name: 'Dodaj zadanie' }).click();
    await expectTitle(page, `Nowe zadanie w programie: ${program}`);

    await page.goto(programUrl);
    await page.getByRole('link', { name: /^1\. Współpraca w ramach/ }).click();
    await expectTitle(page, task);
    const taskUrl = page.url();
    await page.getByRole('link', { name: 'Edytuj kartę' }).click();
    await expectTitle(page, `Edycja karty zadania: ${task}`);
    await page.goto(`${taskUrl}/reports/2011`);
    await expectTitle(page, `Sprawozdanie za 2011 r.: ${task}`);

    await page.goto(`${strategyUrl}/report/2011`);
    await expectTitle(page, 'Realizacja strategii w 2011 r. · Strategia rozwoju Leszna');

    await page.goto('/tasks/999999');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nie znaleziono strony');
    await expectTitle(page, 'Nie znaleziono strony');
  });
});

test.describe('as the coordinator of program 3', () => {
  test.use({ storageState: storageStateOf('coordinator') });

  test('a screen they may not use says so in its title too, with the status 403 and the way home', async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Strategia rozwoju Leszna' }).first().click();
    await page.getByRole('link', { name: '1. Aktywni mieszkańcy' }).click();
    await expectTitle(page, '1. Aktywni mieszkańcy');
    const response = await page.goto(`${page.url()}/weights`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Brak dostępu');
    await expectTitle(page, 'Brak dostępu');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Wróć na stronę startową' }).click();
    await expect(page).toHaveURL('/');
  });
});
