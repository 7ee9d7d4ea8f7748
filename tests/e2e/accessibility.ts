import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';

/** No WCAG 2.1 A/AA violation that axe finds on the page as it is now (each named with its elements). */
export async function expectAccessible(page: Page) {
  // After a server action's refresh Next streams the page's metadata in again: wait for the title
  // to be back (tests/e2e/titles.spec.ts checks what it says) before axe looks at the page.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}
