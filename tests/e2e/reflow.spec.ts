import path from 'node:path';
import { expect, test } from '@playwright/test';
import { storageStateOf } from './personas';
import { clippedFocusRings, expectReflows, fieldWidths } from './reflow';

/* The office's screens at 320 pixels (tests/e2e/reflow.ts); the report form's in reporting.spec.ts. */
test.use({ viewport: { width: 320, height: 640 }, storageState: storageStateOf('admin') });

test('the office’s pages fit 320 pixels; wide tables scroll in their own box', async ({ page }) => {
  for (const url of [
    '/',
    '/inbox',
    '/dashboard',
    '/admin',
    '/admin/structure',
    '/admin/reporting',
    '/admin/reporting/1/2011',
    '/admin/audit',
  ]) {
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
  expect(await clippedFocusRings(page)).toEqual([]);
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
  expect(await clippedFocusRings(page)).toEqual([]);
});
