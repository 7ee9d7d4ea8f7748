import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { readDocx } from '../support/docx-reader';
import { expectAccessible } from './accessibility';
import { storageStateOf } from './personas';

test.use({ storageState: storageStateOf('goalOwner') });

test('the goal owner opens the dashboard, downloads the XLSX and opens the print view', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: 'Pulpit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pulpit' })).toBeVisible();
  // The default year is the open reporting year (other specs may open one); choose 2013 here.
  await page.getByRole('navigation', { name: 'Rok' }).getByRole('link', { name: '2013' }).click();
  await expect(page.getByRole('navigation', { name: 'Rok' }).getByText('2013')).toHaveAttribute(
    'aria-current',
    'page',
  );
  // Programs by name, not only by code; indicator titles without the task's "1." prefix.
  await expect(
    page.getByRole('navigation', { name: 'Wybierz program' }).getByText('I.3 Innowacyjna lokalna gospodarka'),
  ).toBeVisible();
  const group = page.getByRole('figure', { name: /Lokalna Grupa Wsparcia/ });
  await expect(group.locator('figcaption span').first()).toHaveText('Lokalna Grupa Wsparcia');
  await expect(group.getByTestId('indicator-summary')).toContainText('W 2013 r. osiągnięto 0');
  await expect(group.getByTestId('indicator-summary')).toContainText('z karty (import), niezatwierdzone');
  await expect(group.getByRole('row', { name: /^2011/ })).toContainText('z karty (import), niezatwierdzone');
  // A count (0 or 1 groups) gets whole-number ticks, not 0.25 / 0.5 / 0.75.
  // The chart is drawn on the server: an SVG named by its indicator, in the page's HTML.
  await expect(group.getByRole('img', { name: /^Lokalna Grupa Wsparcia/ })).toBeVisible();
  const ticks = group.locator('svg .y-tick');
  await expect(ticks.first()).toBeVisible();
  expect((await ticks.allTextContents()).filter((tick) => !/^\d+$/.test(tick))).toEqual([]);
  const programs = page.getByRole('table', { name: /Postęp programów do końca 2013 r\./ });
  await expect(programs.getByRole('row', { name: /Innowacyjna lokalna gospodarka/ })).toContainText(
    'Opóźnione',
  );
  await expect(page.getByTestId('programs-summary')).toContainText('opóźnionych względem planu');
  await expect(page.getByRole('figure', { name: /Lokalna Grupa Wsparcia/ }).getByRole('table')).toContainText(
    '2011',
  );
  await expectAccessible(page);

  await page.getByRole('link', { name: /Raport roczny dla rady za 2013 r\./ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Realizacja strategii w 2013 r.' })).toBeVisible();
  // A document, not an App Router page: no React payload to read (a city's report is 600 tasks);
  // its one script, the print button's, runs under the request's CSP nonce.
  await expect(page.locator('script')).toHaveCount(1);
  await page.evaluate(() => {
    const counted = window as unknown as { printed: number };
    counted.printed = 0;
    window.print = () => {
      counted.printed += 1;
    };
  });
  await page.getByRole('button', { name: 'Drukuj' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await expect(page.getByRole('navigation', { name: 'Lata raportu' }).getByText('2013')).toHaveAttribute(
    'aria-current',
    'page',
  );
  const seedRow = page.getByRole('row', { name: /1\. Współpraca w ramach/ });
  await expect(seedRow.getByRole('cell')).toContainText([
    'Wydział Promocji i Rozwoju – Naczelnik',
    '100%',
    '86%',
    '100%',
    'Opóźnione',
  ]);
  // Each indicator value says where it comes from: the card's history is not an approved report.
  const indicators = page.getByRole('table', { name: 'Mierniki programu 3 w 2013 r.' });
  await expect(indicators.getByRole('row', { name: /Lokalna Grupa Wsparcia/ })).toContainText(
    'z karty (import), niezatwierdzone',
  );
  await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Pobierz XLSX' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('raport-strategii-2013.xlsx');
  const file = fs.readFileSync((await download.path())!);
  expect(file.subarray(0, 2).toString()).toBe('PK');

  // The .docx, next to the XLSX: the same numbers as the print view and the workbook.
  const [docxDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Pobierz DOCX (Word)' }).click(),
  ]);
  expect(docxDownload.suggestedFilename()).toBe('raport-strategii-2013.docx');
  const docx = await readDocx(fs.readFileSync((await docxDownload.path())!));
  expect(docx.headings[2]).toContain('Program I.3 – Innowacyjna lokalna gospodarka');
  const docxRow = docx.tables.find((table) => table.rows[0]![0] === 'Zadanie')!.rows[1]!;
  // What a reader hears in each cell: the badges' icons are aria-hidden.
  const printed = await seedRow.getByRole('cell').evaluateAll((cells) =>
    cells.map((cell) => {
      const copy = cell.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[aria-hidden="true"]').forEach((icon) => icon.remove());
      return (copy.textContent ?? '').trim();
    }),
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const xlsxRow = workbook.getWorksheet('Cel I')!.getRow(4);
  const percent = (value: unknown) => `${Math.round(Number(value) * 10_000) / 100}%`;
  // Weight, progress to date, plan to date and the schedule: print view = XLSX = .docx.
  const fromPrint = [printed[1], printed[2], printed[3], printed[4]];
  const fromXlsx = [6, 7, 8].map((column) => percent(xlsxRow.getCell(column).value));
  fromXlsx.push(String(xlsxRow.getCell(9).value));
  const fromDocx = docxRow.slice(2, 6);
  expect(fromPrint).toEqual(['100%', '86%', '100%', 'Opóźnione']);
  expect(fromXlsx).toEqual(fromPrint);
  expect(fromDocx).toEqual(fromPrint);
  const title = 'Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)';
  await expect(seedRow.getByRole('rowheader')).toHaveText(`1. ${title}`);
  expect(docxRow[0]).toBe(`I.3.1 ${title}`);

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Mierniki (CSV)' }).click(),
  ]);
  const text = fs.readFileSync((await csv.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain('Zwiększenie współpracy z instytucjami regionalnymi');
  expect(text.split('\r\n')[0]).toContain('Jednostka');
  expect(text.split('\r\n')[0]).toContain('Status wartości osiągniętej');
  expect(text).toContain(';dane historyczne zaimportowane z karty, nie ze sprawozdania');

  // On the screen the programs' sections are laid out when they come near the view (a city's
  // report has hundreds of tables); printed, all of them, always.
  const programSection = page.locator('.yearly-report section section').first();
  await expect(programSection).toHaveCSS('content-visibility', 'auto');
  await page.emulateMedia({ media: 'print' });
  await expect(programSection).toHaveCSS('content-visibility', 'visible');
  await expect(page.getByRole('link', { name: 'Pobierz XLSX' })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Pobierz DOCX (Word)' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Drukuj' })).toBeHidden();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  // Another year from the document's own navigation, and back to the strategy.
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('navigation', { name: 'Lata raportu' }).getByRole('link', { name: '2012' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Realizacja strategii w 2012 r.' })).toBeVisible();
  await page.getByRole('link', { name: '← Strategia rozwoju Leszna' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Strategia rozwoju Leszna' })).toBeVisible();
});

test("the print view of a year or strategy that does not exist says so, as the app's pages do", async ({
  page,
}) => {
  for (const address of ['/strategies/999999/report/2013', '/strategies/1/report/2040']) {
    const response = await page.goto(address);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nie znaleziono strony');
    await expect(page).toHaveTitle('Nie znaleziono strony · Monitor Strategii');
    await expectAccessible(page);
  }
  await page.getByRole('link', { name: 'Wróć na stronę startową' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('downloads refuse visitors without a session', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  for (const file of ['xlsx', 'docx']) {
    const response = await context.request.get(`/strategies/1/report/2013/${file}`, { maxRedirects: 0 });
    expect([302, 307, 401]).toContain(response.status());
  }
  await context.close();
});
