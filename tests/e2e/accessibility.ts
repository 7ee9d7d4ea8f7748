import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';

/**
 * No WCAG 2.1 A/AA violation that axe finds on the page as it is now (each named with its
 * elements), and no form field whose outline is too faint to see (below).
 */
export async function expectAccessible(page: Page) {
  // After a server action's refresh Next streams the page's metadata in again: wait for the title
  // to be back (tests/e2e/titles.spec.ts checks what it says) before axe looks at the page.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page })
    // WCAG 2.5.3 (label in name): a control's accessible name holds its visible text. axe ships
    // that rule as experimental and runs it only when it is enabled by name (a rule's own setting
    // wins over the tags). `options` first: it replaces what `withTags` sets.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
  expect(await faintFields(page)).toEqual([]);
}

/**
 * WCAG 1.4.11 (non-text contrast), which axe does not check: a field is seen by its border, so the
 * border needs 3:1 against what is around the field (or the field's own background does). Colours
 * are read through a canvas, which turns any CSS colour (Tailwind's are oklch) into sRGB.
 */
export function faintFields(page: Page) {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const rgba = (color: string) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      return [...context.getImageData(0, 0, 1, 1).data] as [number, number, number, number];
    };
    const luminance = ([r, g, b]: number[]) => {
      const [lr, lg, lb] = [r!, g!, b!].map((value) => {
        const v = value / 255;
        return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * lr! + 0.7152 * lg! + 0.0722 * lb!;
    };
    const contrast = (a: number[], b: number[]) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (light! + 0.05) / (dark! + 0.05);
    };
    const around = (element: Element) => {
      for (let box = element.parentElement; box; box = box.parentElement) {
        const color = rgba(getComputedStyle(box).backgroundColor);
        if (color[3] > 0) return color;
      }
      return [255, 255, 255, 255];
    };
    const fields = [...document.querySelectorAll('input, select, textarea')].filter(
      (field) =>
        !['hidden', 'checkbox', 'radio', 'file'].includes((field as HTMLInputElement).type) &&
        field.getClientRects().length > 0,
    );
    return fields.flatMap((field) => {
      const style = getComputedStyle(field);
      const outside = around(field);
      const border = contrast(rgba(style.borderTopColor), outside);
      const fill = contrast(rgba(style.backgroundColor), outside);
      if (parseFloat(style.borderTopWidth) > 0 && border >= 3) return [];
      if (fill >= 3) return [];
      return [`${field.id || field.getAttribute('name') || field.tagName}: border ${border.toFixed(2)}:1`];
    });
  });
}
