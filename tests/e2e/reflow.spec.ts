import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { storageStateOf } from './personas';

/*
 * WCAG 1.4.10 (reflow): 320 CSS pixels wide — a phone, or a 1280-pixel screen zoomed to 400 % —
 * and nothing makes the page scroll sideways. A table wider than that scrolls on its own, inside
 * its box; the menu, the forms and the text wrap.
 */
test.use({ viewport: { width: 320, height: 640 }, storageState: storageStateOf('admin') });

/** The elements that stick out past the screen's right edge, but not inside a box that scrolls. */
async function sticksOut(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollsInside = (element: Element) => {
      for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
        if (/auto|scroll/.test(getComputedStyle(box).overflowX) && box.scrollWidth > box.clientWidth)
          return true;
      }
      return false;
    };
    const out = [...document.body.querySelectorAll('*')]
      .filter((element) => element.getBoundingClientRect().right > width + 1 && !scrollsInside(element))
      .map(
        (element) => `${element.tagName.toLowerCase()} “${(element.textContent ?? '').trim().slice(0, 40)}”`,
      );
    return {
      page: location.pathname,
      pageWidth: document.documentElement.scrollWidth,
      width,
      out: out.slice(0, 5),
    };
  });
}

/** The fields in tables narrower than 44 pixels (a checkbox is meant to be small). */
function fieldWidths(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('table input, table select, table textarea')]
      .filter((field) => !['hidden', 'checkbox', 'radio'].includes((field as HTMLInputElement).type))
      .map((field) => ({ field, width: field.getBoundingClientRect().width }))
      .filter(({ width }) => width < 44)
      .map(({ field, width }) => `${field.id}: ${Math.round(width)} px`),
  );
}

async function expectReflows(page: Page) {
  const found = await sticksOut(page);
  expect(found.out, found.page).toEqual([]);
  expect(found.pageWidth, found.page).toBeLessThanOrEqual(found.width);
}

test('the office’s pages fit 320 pixels; wide tables scroll in their own box', async ({ page }) => {
  for (const url of ['/', '/inbox', '/dashboard', '/admin', '/admin/structure', '/admin/reporting']) {
    await page.goto(url);
    await expectReflows(page);
  }
  for (const [list, link] of [
    ['/admin/departments', null],
    ['/admin/posts', 'Naczelnik Wydziału Promocji i Rozwoju'],
    ['/admin/users', 'Jan Kowalski'],
  ] as const) {
    await page.goto(list);
    await expectReflows(page);
    if (link) {
      await page.getByRole('link', { name: link, exact: true }).first().click();
      await expect(page).not.toHaveURL(list);
      await expectReflows(page);
    }
  }

  await page.goto('/');
  await page.getByRole('link', { name: 'Strategia rozwoju Leszna' }).first().click();
  await expect(page).toHaveURL(/\/strategies\/\d+$/);
  await expectReflows(page);
  const strategyUrl = page.url();
  await page.getByRole('link', { name: /^Cel I – / }).click();
  await expectReflows(page);
  await page.getByRole('link', { name: '3. Innowacyjna lokalna gospodarka' }).click();
  await expect(page).toHaveURL(/\/programs\/\d+$/);
  await expectReflows(page);
  const programUrl = page.url();
  await page.getByRole('link', { name: 'Wagi zadań' }).click();
  await expectReflows(page);
  await page.goto(programUrl);
  await page.getByRole('link', { name: 'Dodaj zadanie' }).click();
  await expectReflows(page);
  await page.goto(programUrl);
  await page.getByRole('link', { name: /^1\. Współpraca w ramach/ }).click();
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  await expectReflows(page);
  const taskUrl = page.url();
  await page.getByRole('link', { name: 'Edytuj kartę' }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await expectReflows(page);
  // The stage grid's fields keep a width one can type in; the grid scrolls instead.
  await expect(page.getByLabel(/^Plan etapu 1 na 2009/)).toBeVisible();
  expect(await fieldWidths(page)).toEqual([]);
  await page.goto(`${taskUrl}/reports/2011`);
  await expectReflows(page);

  // The council's report: its task table is wider than the screen, and scrolls inside its box.
  await page.goto(`${strategyUrl}/report/2011`);
  await expectReflows(page);
  const tasks = page.getByRole('table', { name: /^Zadania programu 3 w 2011/ });
  const box = await tasks.evaluate((table) => ({
    table: table.getBoundingClientRect().width,
    box: table.parentElement!.clientWidth,
    scrolls: table.parentElement!.scrollWidth > table.parentElement!.clientWidth,
  }));
  expect(box.table).toBeGreaterThan(320);
  expect(box.scrolls).toBe(true);
  expect(box.box).toBeLessThanOrEqual(320);
});

test('the import preview of a card fits 320 pixels', async ({ page }) => {
  await page.goto('/import');
  await expectReflows(page);
  await page
    .getByLabel('Albo plik z kartami')
    .setInputFiles(path.join(import.meta.dirname, '../fixtures/cards/dwie-karty.txt'));
  await page.getByRole('button', { name: 'Wczytaj' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Wczytano karty: 2.' })).toBeVisible();
  await expectReflows(page);
  expect(await fieldWidths(page)).toEqual([]);
});
