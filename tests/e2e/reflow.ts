import { type Page, expect } from '@playwright/test';

/*
 * WCAG 1.4.10 (reflow): 320 CSS pixels wide — a phone, or a 1280-pixel screen zoomed to 400 % —
 * and nothing makes the page scroll sideways. A table wider than that scrolls on its own, inside
 * its box; the menu, the forms and the text wrap.
 */

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

/** The shown fields in tables narrower than 44 pixels (a checkbox is meant to be small). */
export function fieldWidths(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('table input, table select, table textarea')]
      .filter((field) => !['hidden', 'checkbox', 'radio'].includes((field as HTMLInputElement).type))
      .filter((field) => field.getClientRects().length > 0)
      .map((field) => ({ field, width: field.getBoundingClientRect().width }))
      .filter(({ width }) => width < 44)
      .map(({ field, width }) => `${field.id}: ${Math.round(width)} px`),
  );
}

/**
 * The shown elements matching `selector` that are not wholly in sight without scrolling sideways:
 * past the screen's edge, or past the edge of a box that scrolls or clips them (a table's scroll box
 * hides what sticks out of it until one scrolls it, which nobody guesses on a phone).
 */
export function cutOff(page: Page, selector: string) {
  return page.evaluate((selector) => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll(selector)]
      .filter((element) => element.getClientRects().length > 0)
      .filter((element) => {
        const rect = element.getBoundingClientRect();
        let left = 0;
        let right = width;
        for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
          if (getComputedStyle(box).overflowX === 'visible') continue;
          const edges = box.getBoundingClientRect();
          left = Math.max(left, edges.left);
          right = Math.min(right, edges.right);
        }
        return rect.left < left - 1 || rect.right > right + 1;
      })
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}#${element.id} “${(element.textContent ?? '').trim().slice(0, 30)}”`,
      );
  }, selector);
}

export async function expectReflows(page: Page) {
  const found = await sticksOut(page);
  expect(found.out, found.page).toEqual([]);
  expect(found.pageWidth, found.page).toBeLessThanOrEqual(found.width);
}

/**
 * The fields in a scrolling table box whose focus ring (3 px outline, 2 px offset) the box would
 * clip at its left or bottom edge (WCAG 2.4.7: the ring is seen whole).
 */
export function clippedFocusRings(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('table input, table select, table textarea, table button')]
      .filter((field) => field.getClientRects().length > 0)
      .flatMap((field) => {
        let box = field.parentElement;
        while (box && !/auto|scroll/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
        if (!box) return [];
        const ring = field.getBoundingClientRect();
        const edge = box.getBoundingClientRect();
        const clipped = ring.left - 5 < edge.left - 0.5 || ring.bottom + 5 > edge.bottom + 0.5;
        return clipped ? [`${field.id || field.tagName}`] : [];
      }),
  );
}
