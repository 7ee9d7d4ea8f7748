import { type APIResponse, type Browser, type Page, expect, test } from '@playwright/test';
import { type Persona, personas, signIn, storageStateOf } from './personas';

/** The headers every response must carry (proxy.ts; next.config.mjs for /_next/static). */
function expectSecurityHeaders(response: APIResponse, url: string, kind: 'document' | 'static' = 'document') {
  const headers = response.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, `${url}: CSP`).not.toBe('');
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    expect(csp, `${url}: ${directive}`).toContain(directive);
  }
  if (kind === 'document') {
    expect(csp, url).toContain("default-src 'self'");
    expect(csp, url).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'(;|$)/);
    // The production server: no eval, no inline scripts without the nonce.
    expect(csp, url).not.toContain('unsafe-eval');
    expect(csp.match(/script-src[^;]*/)?.[0], url).not.toContain('unsafe-inline');
  }
  expect(headers['x-content-type-options'], url).toBe('nosniff');
  expect(headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
  expect(headers['x-frame-options'], url).toBe('DENY');
  expect(headers['x-powered-by'], url).toBeUndefined();
}

const nonceOf = (response: APIResponse) =>
  response.headers()['content-security-policy']?.match(/'nonce-([^']+)'/)?.[1];

test.describe('security headers', () => {
  test.use({ storageState: storageStateOf('goalOwner') });

  test('every kind of response carries them, and the nonce is new on every request', async ({
    request,
    playwright,
    baseURL,
  }) => {
    const dashboard = await request.get('/dashboard');
    const reportPath = (await dashboard.text()).match(/\/strategies\/\d+\/report\/\d+/)?.[0];
    expect(reportPath).toBeTruthy();

    const urls = [
      '/',
      '/tasks/1',
      reportPath!,
      '/dashboard',
      '/api/health',
      '/tasks/999999',
      '/no-such-page',
      // A public page: rendered by Next once, then answered from the server's public cache.
      '/public/pl',
      '/public/pl',
    ];
    const statuses: Record<string, number> = {};
    for (const url of urls) {
      const response = await request.get(url, { maxRedirects: 0 });
      statuses[url] = response.status();
      expectSecurityHeaders(response, url);
    }
    expect(statuses).toMatchObject({
      '/': 200,
      '/tasks/1': 200,
      '/api/health': 200,
      '/tasks/999999': 404,
      '/public/pl': 200,
    });

    // Signed out: the login page, and the redirect to it.
    const anonymous = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
    });
    const login = await anonymous.get('/login');
    expect(login.status()).toBe(200);
    expectSecurityHeaders(login, '/login');
    const redirect = await anonymous.get('/tasks/1', { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers().location).toContain('/login?callbackUrl=%2Ftasks%2F1');
    expectSecurityHeaders(redirect, 'redirect to /login');

    // The nonce is in the page's scripts, and differs between two requests.
    const html = await login.text();
    const nonce = nonceOf(login);
    expect(html).toContain(`nonce="${nonce}"`);
    const again = await anonymous.get('/login');
    expect(nonceOf(again)).toBeTruthy();
    expect(nonceOf(again)).not.toBe(nonce);

    // A static file the page loads: fixed headers from next.config.mjs.
    const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const assetResponse = await anonymous.get(asset!);
    expect(assetResponse.status()).toBe(200);
    expectSecurityHeaders(assetResponse, asset!, 'static');
    await anonymous.dispose();
  });
});

/**
 * Collects every CSP violation the page reports: Chromium's console message, and the
 * `securitypolicyviolation` event (reported to the console by an init script, so that it survives
 * navigations).
 */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|CSP-VIOLATION/i.test(text)) violations.push(`${page.url()}: ${text}`);
  });
  page.on('pageerror', (error) => {
    if (/Content Security Policy/i.test(error.message)) violations.push(`${page.url()}: ${error.message}`);
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP-VIOLATION ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
    });
  });
  return violations;
}

async function pageAs(browser: Browser, persona: Persona | null) {
  const context = await browser.newContext(
    persona ? { storageState: storageStateOf(persona) } : { storageState: { cookies: [], origins: [] } },
  );
  const page = await context.newPage();
  return { context, page, violations: watchCsp(page) };
}

async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  // The scripts ran: the page hydrated (Next's route announcer is added on the client).
  await expect(page.locator('next-route-announcer')).toHaveCount(1);
}

test.describe('no CSP violation in Chromium', () => {
  test('signing in through the form, then switching the language', async ({ browser }) => {
    const { context, page, violations } = await pageAs(browser, null);
    await signIn(page, personas.coordinator.login);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Dzień dobry');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: 'Przełącz na język polski' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
    expect(violations).toEqual([]);
    await context.close();
  });

  test('the coordinator: home, task card, task editor, inbox', async ({ browser }) => {
    const { context, page, violations } = await pageAs(browser, 'coordinator');
    for (const path of ['/', '/tasks/1', '/tasks/1/edit', '/inbox', '/account/notifications']) {
      await visit(page, path);
    }
    // The task card's comment form checks its input in the browser (zod, configured without eval).
    await visit(page, '/tasks/1');
    const thread = page.getByRole('region', { name: 'Dyskusja' });
    await thread.getByRole('button', { name: 'Napisz komentarz' }).click();
    await thread.getByRole('button', { name: 'Dodaj komentarz' }).click();
    await expect(thread.getByLabel('Nowy wpis w dyskusji')).toHaveAccessibleDescription(
      /Wpisz treść komentarza/,
    );
    expect(violations).toEqual([]);
    await context.close();
  });

  test('the goal owner: dashboard with its charts, the council report and its print view', async ({
    browser,
  }) => {
    const { context, page, violations } = await pageAs(browser, 'goalOwner');
    await visit(page, '/dashboard');
    await expect(page.getByTestId('programs-chart-svg').getByRole('img')).toBeVisible();
    await page
      .getByRole('link', { name: /Raport roczny dla rady/ })
      .first()
      .click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Realizacja strategii');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('banner')).toBeHidden();
    await page.emulateMedia({ media: 'screen' });
    expect(violations).toEqual([]);
    await context.close();
  });

  test('the admin: the administration pages', async ({ browser }) => {
    const { context, page, violations } = await pageAs(browser, 'admin');
    for (const path of [
      '/admin',
      '/admin/users',
      '/admin/posts',
      '/admin/departments',
      '/admin/structure',
      '/admin/reporting',
      '/admin/mail',
      '/import',
    ]) {
      await visit(page, path);
    }
    expect(violations).toEqual([]);
    await context.close();
  });

  test('the login pages and the 404 page', async ({ browser }) => {
    const { context, page, violations } = await pageAs(browser, null);
    await visit(page, '/login');
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    // Client-side validation ran (a script), not a native form submission.
    await expect(page.locator('#login-error')).toHaveText('To pole jest wymagane.');
    await visit(page, '/login/forgot');
    await context.close();
    const signedIn = await pageAs(browser, 'goalOwner');
    const response = await signedIn.page.goto('/tasks/999999');
    expect(response?.status()).toBe(404);
    await expect(signedIn.page.getByRole('heading', { name: 'Nie znaleziono strony' })).toBeVisible();
    expect([...violations, ...signedIn.violations]).toEqual([]);
    await signedIn.context.close();
  });
});
