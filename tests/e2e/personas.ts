import type { Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo-Leszno-2009';

export const personas = {
  goalOwner: { login: 'sekretarz', name: 'Katarzyna Nowak' },
  coordinator: { login: 'naczelnik.wpir', name: 'Jan Kowalski' },
  admin: { login: 'admin', name: 'Ewa Zielińska' },
} as const;
export type Persona = keyof typeof personas;

export const storageStateOf = (persona: Persona) => `test-results/.auth/${persona}.json`;

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Hasło').fill(password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
}

/** People of the test fixture (tests/support/fixtures.ts), added before the server starts. */
export const fixturePeople = {
  executor: { login: 'wg.naczelnik', name: 'Piotr Wiśniewski' },
} as const;
