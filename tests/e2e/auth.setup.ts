import { expect, test as setup } from '@playwright/test';
import { type Persona, personas, signIn, storageStateOf } from './personas';

for (const persona of Object.keys(personas) as Persona[]) {
  setup(`sign in as ${persona}`, async ({ page }) => {
    await signIn(page, personas[persona].login);
    await expect(
      page.getByRole('heading', { level: 1, name: `Dzień dobry, ${personas[persona].name}` }),
    ).toBeVisible();
    await page.context().storageState({ path: storageStateOf(persona) });
  });
}
