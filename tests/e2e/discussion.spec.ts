import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { signIn } from './personas';

/*
 * Issue 23 on the report screen: the executor comments (mentioning the goal owner), corrects the
 * comment, attaches a spreadsheet of survey results and downloads it back; a renamed program is
 * refused with its message; the goal owner finds the mention in the inbox. On the other goal's task
 * and a year nobody opens (its draft report is the test's own, tests/support/e2e-server.ts). Then
 * the same task's card: its own thread and files, apart from the report's.
 */
test.describe.configure({ mode: 'serial' });

const TASK = 'Centrum aktywności lokalnej';
const CSV = 'ankieta;wynik\nzadowoleni;82\nniezadowoleni;18\n';

test('comment, correct, attach, download; a renamed executable is refused; the mention reaches the inbox', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'mck.dyrektor');
  await expect(page).toHaveURL(/\/$/);
  await page
    .getByRole('link', { name: new RegExp(TASK) })
    .first()
    .click();
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  await page.goto(`${page.url()}/reports/2010`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sprawozdanie za 2010 r.');

  // A comment, mentioning the goal owner of this goal.
  const thread = page.getByRole('region', { name: 'Dyskusja' });
  await expect(thread).toContainText('Nikt jeszcze nie skomentował');
  // The form opens on request, with the focus in its text field.
  await thread.getByRole('button', { name: 'Napisz komentarz' }).click();
  await expect(thread.getByLabel('Nowy wpis w dyskusji')).toBeFocused();
  await thread
    .getByLabel('Nowy wpis w dyskusji')
    .fill('Protokół odbioru w załączniku, @zastepca1 proszę o uwagi.');
  await thread.getByRole('button', { name: 'Dodaj komentarz' }).click();
  await expect(thread.getByRole('status').filter({ hasText: 'Komentarz dodany.' })).toBeVisible();
  const comment = thread.getByTestId('comment-thread').getByRole('listitem');
  await expect(comment).toHaveCount(1);
  await expect(comment).toContainText('Protokół odbioru w załączniku');
  await expect(comment).toContainText('Dyrektor');

  // Corrected within its window.
  await comment.getByRole('button', { name: /^Edytuj wpis z / }).click();
  const edit = comment.getByLabel(/^Treść wpisu z /);
  await expect(edit).toBeFocused();
  await expect(edit).toHaveValue(/Protokół odbioru/);
  await edit.fill('Ankieta w załączniku, @zastepca1 proszę o uwagi.');
  await comment.getByRole('button', { name: 'Zapisz zmiany' }).click();
  await expect(comment).toContainText('Ankieta w załączniku');
  await expect(comment).toContainText('edytowany');
  await expectAccessible(page);

  // Evidence: a CSV attached and downloaded back unchanged.
  const files = page.getByRole('region', { name: 'Załączniki (dowody)' });
  await expect(files).toContainText('Brak załączników.');
  await files.getByLabel('Plik do dołączenia').setInputFiles({
    name: 'wyniki ankiety.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(CSV, 'utf8'),
  });
  await files.getByRole('button', { name: 'Dołącz plik' }).click();
  await expect(
    files.getByRole('status').filter({ hasText: 'Plik „wyniki ankiety.csv” dołączony.' }),
  ).toBeVisible();
  const row = files.getByRole('row', { name: /wyniki ankiety\.csv/ });
  await expect(row).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: 'wyniki ankiety.csv' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('wyniki ankiety.csv');
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  expect(await readFile(path, 'utf8')).toBe(CSV);

  // A program renamed to .pdf: refused at the field, nothing added.
  await files.getByLabel('Plik do dołączenia').setInputFiles({
    name: 'protokół.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4096, 1)]),
  });
  await files.getByRole('button', { name: 'Dołącz plik' }).click();
  await expect(files.getByLabel('Plik do dołączenia')).toHaveAccessibleDescription(
    /Zawartość pliku nie zgadza się z jego rozszerzeniem/,
  );
  await expect(files.getByRole('row')).toHaveCount(2);
  await expectAccessible(page);
  await context.close();

  // The goal owner of that goal sees the new comment, and that they were mentioned.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signIn(owner, 'zastepca1');
  await expect(owner).toHaveURL(/\/$/);
  await owner.goto('/inbox');
  const unread = owner.getByRole('region', { name: /Nowe komentarze/ });
  await expect(unread).toContainText(TASK);
  await expect(unread).toContainText('1 nowy komentarz');
  await expect(unread).toContainText('wspomniano Cię');
  await expectAccessible(owner);
  await unread.getByRole('link', { name: new RegExp(TASK) }).click();
  await expect(owner.getByRole('region', { name: 'Dyskusja' })).toContainText('Ankieta w załączniku');
  // The goal owner may comment here too, but not edit the executor's comment.
  await expect(owner.getByRole('button', { name: /^Edytuj wpis/ })).toHaveCount(0);
  await ownerContext.close();
});

test('the task card has its own thread and evidence, apart from the reports’; the inbox leads to it', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'mck.dyrektor');
  await expect(page).toHaveURL(/\/$/);
  await page
    .getByRole('link', { name: new RegExp(TASK) })
    .first()
    .click();
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  const cardUrl = page.url();

  // The report's comment is not on the card.
  const thread = page.getByRole('region', { name: 'Dyskusja' });
  await expect(thread).toContainText('Nikt jeszcze nie skomentował tego zadania.');
  await thread.getByRole('button', { name: 'Napisz komentarz' }).click();
  await thread
    .getByLabel('Nowy wpis w dyskusji')
    .fill('Umowa z partnerem podpisana, @zastepca1 czy wpisać ją do karty?');
  await thread.getByRole('button', { name: 'Dodaj komentarz' }).click();
  await expect(thread.getByRole('status').filter({ hasText: 'Komentarz dodany.' })).toBeVisible();
  await expect(thread.getByTestId('comment-thread').getByRole('listitem')).toHaveCount(1);

  // A signed agreement attached to the card, and downloaded back byte for byte.
  const files = page.getByRole('region', { name: 'Załączniki (dowody)' });
  await expect(files).toContainText('Brak załączników.');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);
  await files.getByLabel('Plik do dołączenia').setInputFiles({
    name: 'umowa partnerska.pdf',
    mimeType: 'application/pdf',
    buffer: pdf,
  });
  await files.getByRole('button', { name: 'Dołącz plik' }).click();
  await expect(
    files.getByRole('status').filter({ hasText: 'Plik „umowa partnerska.pdf” dołączony.' }),
  ).toBeVisible();
  const row = files.getByRole('row', { name: /umowa partnerska\.pdf/ });
  const link = row.getByRole('link', { name: 'umowa partnerska.pdf' });
  await expect(link).toHaveAttribute('href', /^\/tasks\/\d+\/attachments\/\d+$/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('umowa partnerska.pdf');
  const { readFile } = await import('node:fs/promises');
  expect((await readFile(await download.path())).equals(pdf)).toBe(true);
  await expectAccessible(page);

  // The report's thread and files do not show the card's.
  await page.goto(`${cardUrl}/reports/2010`);
  await expect(page.getByRole('region', { name: 'Dyskusja' })).not.toContainText('Umowa z partnerem');
  await expect(page.getByRole('region', { name: 'Załączniki (dowody)' })).not.toContainText(
    'umowa partnerska.pdf',
  );
  await context.close();

  // The goal owner finds the card's comment in the inbox, marked as the task card's, and follows it.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signIn(owner, 'zastepca1');
  await expect(owner).toHaveURL(/\/$/);
  await owner.goto('/inbox');
  const unread = owner.getByRole('region', { name: /Nowe komentarze/ });
  const item = unread.getByRole('listitem').filter({ hasText: 'karta zadania' });
  await expect(item).toContainText(TASK);
  await expect(item).toContainText('1 nowy komentarz');
  await expect(item).toContainText('wspomniano Cię');
  await item.getByRole('link').click();
  await expect(owner).toHaveURL(new RegExp(`${new URL(cardUrl).pathname}#comments-heading$`));
  await expect(owner.getByRole('region', { name: 'Dyskusja' })).toContainText('Umowa z partnerem');
  // Seen (the thread marks itself read once shown): the inbox no longer lists it.
  await expect(async () => {
    await owner.goto('/inbox');
    await expect(owner.getByText('karta zadania')).toHaveCount(0, { timeout: 1000 });
  }).toPass();
  await ownerContext.close();
});
