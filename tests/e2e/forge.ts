import { type Page, type Route, expect } from '@playwright/test';

/**
 * Changes the arguments of the next server action the page calls, as a form kept open across a
 * deployment, or a forged request, would send them: the server then refuses a value the form
 * keeps hidden (a version, an id) and the form must say so.
 */
export async function forgeNextAction(page: Page, forge: (body: string) => string) {
  let forged = false;
  await page.route('**/*', async (route: Route) => {
    const request = route.request();
    if (forged || request.method() !== 'POST' || !request.headers()['next-action']) return route.fallback();
    forged = true;
    const body = request.postData() ?? '';
    const postData = forge(body);
    expect(postData, 'the request carries the value to forge').not.toBe(body);
    await route.continue({ postData });
  });
}

export const STALE_FORM = 'Formularz jest nieaktualny — odśwież stronę i wprowadź zmiany ponownie.';
