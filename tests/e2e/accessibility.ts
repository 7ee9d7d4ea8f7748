import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';

/** No WCAG 2.1 A/AA violation that axe finds on the page as it is now (each named with its elements). */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}
