import fs from 'node:fs';
import { type Browser, type Page, expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { fixturePeople, personas, storageStateOf } from './personas';
import { expectReflows } from './reflow';

/*
 * The public pages as an anonymous visitor sees them: no cookie, no session. The demo strategy
 * starts unpublished: the first test has the strategy office publish it in one step, the last one
 * unpublish it, so the tests run in order (the other files never open the public pages).
 */
test.use({ storageState: { cookies: [], origins: [] } });
test.describe.configure({ mode: 'serial' });

/** The demo strategy: the only one of the end-to-end data, so the first. */
const DEMO_STRATEGY_ID = 1;
const id = DEMO_STRATEGY_ID;
let seedTaskPath = '';

/** The strategy office's publication form of the demo strategy, on the structure page. */
async function publicationForm(browser: Browser) {
  const office = await browser.newContext({ storageState: storageStateOf('admin') });
  const page = await office.newPage();
  await page.goto('/admin/structure');
  const form = page.getByRole('group', { name: 'Publikacja strategii „Strategia rozwoju Leszna”' });
  return { office, page, form };
}

test('unpublished, the strategy answers 404; the office publishes it in one step', async ({
  page,
  browser,
}) => {
  expect((await page.goto(`/public/pl/strategies/${id}`))?.status()).toBe(404);
  expect((await page.request.get(`/public/data/strategies/${id}.json`)).status()).toBe(404);

  const { office, page: admin, form } = await publicationForm(browser);
  await expect(
    form.getByRole('checkbox', { name: 'Opublikuj zatwierdzone dane strategii' }),
  ).not.toBeChecked();
  // The day is today unless the office changes it: one tick and one click.
  await form.getByRole('checkbox', { name: 'Opublikuj zatwierdzone dane strategii' }).check();
  await form.getByRole('button', { name: 'Zapisz publikację strategii „Strategia rozwoju Leszna”' }).click();
  await expect(form.getByRole('status')).toHaveText('Zapisano. Strategia jest publiczna od wskazanego dnia.');
  const publishedAt = Date.now();
  await expect(
    admin.getByRole('link', { name: 'Strona publiczna strategii „Strategia rozwoju Leszna”' }),
  ).toBeVisible();
  await expectAccessible(admin);
  await office.close();

  // Within seconds (the public cache follows the database) the strategy is public, and within the
  // bound on every process, for the tests that follow.
  await expect(async () => {
    expect((await page.goto(`/public/pl/strategies/${id}`))?.status()).toBe(200);
  }).toPass({ timeout: PUBLIC_CHANGE_BOUND_MS });
  await waitOutPublicBound(page, publishedAt);
});

/**
 * The bound the public cache promises: a change of what is public reaches every address, on every
 * app process, within 5 seconds (each process reads the public revision about once a second and
 * stops answering from memory when it could not read it for 5 s). With APP_PROCESSES=2 one process
 * may already answer the new state while the other still has the old one for up to that bound, so
 * after seeing the change once the test waits out the rest of it before checking every address.
 */
const PUBLIC_CHANGE_BOUND_MS = 5_000;
async function waitOutPublicBound(page: Page, changedAt: number) {
  const left = changedAt + PUBLIC_CHANGE_BOUND_MS - Date.now();
  if (left > 0) await page.waitForTimeout(left);
}

const SEED_TASK = '1. Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)';

/** Overview → goal I → program 3 → the seed task, by the links a visitor follows. */
async function openSeedTask(page: Page) {
  await page.goto('/public');
  await expect(page).toHaveURL(/\/public\/pl$/);
  await page.getByRole('link', { name: 'Strategia rozwoju Leszna' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Strategia rozwoju Leszna');
  await page.getByRole('link', { name: /^Cel I – / }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Cel I – /);
  await page.getByRole('link', { name: '3. Innowacyjna lokalna gospodarka' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('3. Innowacyjna lokalna gospodarka');
  const seedRow = page.getByRole('row', { name: /^1\. Współpraca/ });
  await expect(seedRow.getByRole('cell')).toContainText([
    'Wydział Promocji i Rozwoju – Naczelnik',
    '100%',
    '86%',
  ]);
  await expect(seedRow.getByText('Opóźnione')).toBeVisible();
  await seedRow.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TASK);
  seedTaskPath = new URL(page.url()).pathname;
}

/** Nothing personal in the page's HTML: no person's name, login or e-mail of the demo data. */
async function expectNothingPersonal(page: Page) {
  const html = await page.content();
  const people = [...Object.values(personas), ...Object.values(fixturePeople)];
  for (const person of people) {
    expect(html, person.name).not.toContain(person.name);
    expect(html, person.login).not.toMatch(
      new RegExp(`(^|[^\\p{L}.])${person.login.replace('.', '\\.')}([^\\p{L}.]|$)`, 'u'),
    );
  }
  for (const name of ['Tomasz Lewandowski', 'Agnieszka Wójcik', 'Marek Kamiński'])
    expect(html).not.toContain(name);
  expect(html).not.toMatch(/@example\.org|mailto:/);
  await expect(page.getByRole('button', { name: /Wyloguj|Sign out/ })).toHaveCount(0);
}

test('an anonymous visitor goes from the overview to the seed task card, which shows its numbers', async ({
  page,
}) => {
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
  await expect(page.getByTestId('task-progress')).toHaveText('86%');
  await expect(page.getByTestId('schedule-detail')).toContainText('zrealizowano 86 z 100 pkt planowanych');
  await expect(page.getByRole('region', { name: 'Realizator' })).toContainText(
    'Wydział Promocji i Rozwoju – Naczelnik',
  );
  const partners = page.getByRole('region', { name: 'Podmioty współpracujące' }).getByRole('rowheader');
  await expect(partners).toHaveCount(6);
  const budget = page.getByRole('region', { name: 'Budżet zadania' });
  await expect(budget.getByRole('row', { name: /Program Urbact/ })).toContainText('80%');
  await expect(page.getByRole('link', { name: 'JSON' })).toHaveAttribute(
    'href',
    /\/public\/data\/tasks\/\d+\.json$/,
  );
  await expect(page.getByRole('link', { name: 'CSV (Excel)' })).toHaveAttribute(
    'href',
    /\/public\/data\/tasks\/\d+\.csv$/,
  );
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/public\/pl\/tasks\/\d+$/);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /Karta zadania/);
  await expectNothingPersonal(page);
});

test('every public page is accessible, reflows at 320 px and shows nothing personal', async ({ page }) => {
  await openSeedTask(page);
  const taskUrl = page.url();
  const pages = [
    '/public/pl',
    `/public/pl/strategies/${id}`,
    `/public/pl/strategies/${id}/years/2011`,
    `/public/pl/strategies/${id}/search?q=spirali`,
    taskUrl,
  ];
  await page.goto(`/public/pl/strategies/${id}`);
  await page.getByRole('link', { name: /^Cel I – / }).click();
  pages.push(page.url());
  await page.getByRole('link', { name: '3. Innowacyjna lokalna gospodarka' }).click();
  pages.push(page.url());
  for (const url of pages) {
    await page.setViewportSize({ width: 1280, height: 900 });
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expectAccessible(page);
    await expectNothingPersonal(page);
    await expect(
      page
        .getByRole('navigation', { name: 'Ścieżka nawigacji' })
        .or(page.getByRole('heading', { level: 1, name: 'Strategie rozwoju – dane publiczne' })),
    ).toBeVisible();
    await page.setViewportSize({ width: 320, height: 640 });
    await expectReflows(page);
  }
});

test('the English version is the same page in English, linked from the Polish one', async ({ page }) => {
  await openSeedTask(page);
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/public\/en\/tasks\/\d+$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Stages' })).toBeVisible();
  await expect(page.getByText('Behind plan').first()).toBeVisible();
  await expect(page.getByTestId('task-progress')).toHaveText('86%');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Polski' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await expect(page.getByRole('heading', { name: 'Etapy realizacji zadania' })).toBeVisible();
});

test('search finds the seed task by a word of its description, and filters by status', async ({ page }) => {
  await page.goto(`/public/pl/strategies/${id}/search`);
  // "staże" is in the seed card's description ("…i staże w ramach LGW"), not in its title.
  await page.getByLabel('Słowa w nazwie lub opisie zadania').fill('Staże');
  await page.getByRole('button', { name: 'Szukaj' }).click();
  await expect(page).toHaveURL(/q=Sta%C5%BCe/);
  await expect(page.getByRole('link', { name: SEED_TASK })).toBeVisible();
  await page.getByLabel('Harmonogram').selectOption({ label: 'Przed planem' });
  await page.getByRole('button', { name: 'Szukaj' }).click();
  await expect(page.getByRole('heading', { name: 'Nie znaleziono zadań.' })).toBeVisible();
});

test('the sitemap lists the public pages in both languages, and robots.txt points to it', async ({
  request,
}) => {
  const sitemap = await (await request.get('/sitemap.xml')).text();
  expect(sitemap).toContain(`/public/pl/strategies/${id}</loc>`);
  expect(sitemap).toContain(`/public/en/strategies/${id}</loc>`);
  expect(sitemap).toMatch(/\/public\/en\/tasks\/\d+<\/loc>/);
  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toContain('Allow: /public/');
  expect(robots).toMatch(/Sitemap: http:\/\/[^/]+\/sitemap\.xml/);
});

test('a public page is the same for every visitor, signed in or not, whatever language cookie they have', async ({
  request,
}) => {
  const session = JSON.parse(fs.readFileSync(storageStateOf('goalOwner'), 'utf8')) as {
    cookies: { name: string; value: string }[];
  };
  const signedIn = session.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  /** The page's HTML with this response's CSP nonce taken out (the only part that may differ). */
  const page = async (path: string, cookie?: string) => {
    const response = await request.get(path, { headers: cookie ? { cookie } : {} });
    expect(response.status(), path).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'] ?? '')?.[1];
    expect(nonce).toBeTruthy();
    return (await response.text()).replaceAll(nonce!, 'NONCE');
  };
  for (const path of [`/public/pl/strategies/${id}`, `/public/en/strategies/${id}/years/2011`]) {
    const anonymous = await page(path);
    expect(await page(path, signedIn), path).toBe(anonymous);
    expect(await page(path, `${signedIn}; NEXT_LOCALE=${path.includes('/en/') ? 'pl' : 'en'}`), path).toBe(
      anonymous,
    );
  }
});

test('unpublished again, every public address of the strategy answers 404, open data included', async ({
  page,
  browser,
}) => {
  const { office, form } = await publicationForm(browser);
  await form.getByRole('checkbox', { name: 'Opublikuj zatwierdzone dane strategii' }).uncheck();
  await form.getByRole('button', { name: 'Zapisz publikację strategii „Strategia rozwoju Leszna”' }).click();
  await expect(form.getByRole('status')).toHaveText('Zapisano. Strategia nie jest publiczna.');
  const unpublishedAt = Date.now();
  await office.close();

  const taskId = /\d+$/.exec(seedTaskPath)?.[0];
  expect(taskId).toBeTruthy();
  await expect(async () => {
    expect((await page.request.get(`/public/pl/tasks/${taskId}`)).status()).toBe(404);
  }).toPass({ timeout: PUBLIC_CHANGE_BOUND_MS });
  // Seen once; from the end of the bound on, no process may still answer the old page.
  await waitOutPublicBound(page, unpublishedAt);
  for (const path of [
    `/public/pl/tasks/${taskId}`,
    `/public/en/tasks/${taskId}`,
    `/public/pl/strategies/${id}`,
    `/public/pl/strategies/${id}/years/2011`,
    `/public/pl/strategies/${id}/search?q=spirali`,
    '/public/de',
    '/public/pl/tasks/abc',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(
      page
        .getByRole('heading', { name: 'Nie znaleziono strony' })
        .or(page.getByRole('heading', { name: 'Page not found' })),
    ).toBeVisible();
    expect(await page.content()).not.toContain('Współpraca w ramach');
  }
  for (const path of [`/public/data/tasks/${taskId}.json`, `/public/data/strategies/${id}.csv`]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }
  await page.goto('/public/pl');
  await expect(page.getByText('Strategia rozwoju Leszna')).toHaveCount(0);
  const sitemap = await (await page.request.get('/sitemap.xml')).text();
  expect(sitemap).not.toContain('/public/pl/strategies/');
});
