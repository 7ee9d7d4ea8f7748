import { type Browser, type Page, expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { STALE_FORM, forgeNextAction } from './forge';
import { fixturePeople, signIn, storageStateOf } from './personas';
import { cutOff, expectReflows, fieldWidths } from './reflow';

/*
 * The yearly cycle with three people in separate browser contexts, on the fixture task whose
 * executor (Wydział Gospodarki) is not its program's coordinator, and on the seed task whose
 * executor is.
 */
test.describe.configure({ mode: 'serial' });

const TASK = 'Inkubator przedsiębiorczości (zadanie testowe)';

async function personaPage(browser: Browser, persona: 'goalOwner' | 'coordinator' | 'admin') {
  const context = await browser.newContext({ storageState: storageStateOf(persona) });
  return context.newPage();
}

const REVIEW = 'Sprawozdanie ocenia koordynator programu, zanim trafi do szefa celu';

/** "Złóż sprawozdanie" asks first, naming the task and the year; after it, focus is on the new state. */
async function submitReport(page: Page, task: string, year: number) {
  await page.getByRole('button', { name: 'Złóż sprawozdanie' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Złożyć sprawozdanie za ${year} r. dla zadania ${task}?`);
  await expect(dialog.getByRole('button', { name: 'Anuluj' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Tak, złóż sprawozdanie' }).click();
  await expect(page.getByTestId('report-status')).toBeFocused();
}

async function openYear(
  page: Page,
  year: number,
  deadline: string,
  { coordinatorReview = true, confirmPast = false, reminderDays = '' } = {},
) {
  await page.goto('/admin/reporting');
  await page.getByLabel('Rok', { exact: true }).selectOption(String(year));
  await page.getByLabel('Termin złożenia').fill(deadline);
  if (reminderDays) await page.getByLabel('Przypomnienie (dni przed terminem)').fill(reminderDays);
  if (confirmPast) await page.getByLabel('Potwierdzam termin, który już minął').check();
  await page.getByLabel(REVIEW).setChecked(coordinatorReview);
  await page.getByRole('button', { name: 'Otwórz rok' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Rok ${year} jest otwarty` })).toBeVisible();
}

test('executor reports, coordinator returns and accepts, goal owner approves', async ({ browser }) => {
  const admin = await personaPage(browser, 'admin');
  await openYear(admin, 2012, '2099-01-31');
  await expect(admin.getByRole('row', { name: /^2012/ })).toBeVisible();
  // Each count of the status table links to the list of those reports, named for screen readers.
  await expect(
    admin
      .getByRole('row', { name: /^2012/ })
      .getByRole('link', { name: /^[1-9]\d* – Wersja robocza, 2012 r\.: lista sprawozdań$/ }),
  ).toHaveAttribute('href', /\/admin\/reporting\/\d+\/2012\?status=draft$/);
  await expectAccessible(admin);

  // The executor fills in the year and submits.
  const executorContext = await browser.newContext();
  const executor = await executorContext.newPage();
  await signIn(executor, fixturePeople.executor.login);
  await expect(executor.getByTestId('inbox-link')).toHaveText(/Skrzynka \([1-9]\d*\)/);
  await executor.getByTestId('inbox-link').click();
  const toFill = executor.getByRole('region', { name: /Do wypełnienia/ });
  await toFill
    .getByRole('link', { name: new RegExp(TASK.replace(/[()]/g, '\\$&')) })
    .first()
    .click();
  await expect(executor.getByRole('heading', { level: 1 })).toContainText('Sprawozdanie za 2012 r.');
  await expectAccessible(executor);
  // On a phone the form fits: it stacks per stage and indicator, so every column's value and every
  // field is in sight whole, without scrolling a table sideways (issue 19: "Odczytana liczba" and
  // half of the input were hidden in the table's scroll box).
  await executor.setViewportSize({ width: 320, height: 640 });
  await expectReflows(executor);
  expect(await fieldWidths(executor)).toEqual([]);
  const form = 'main form';
  expect(
    await cutOff(executor, `${form} input:not([type=hidden]), ${form} tbody td, ${form} tbody th`),
  ).toEqual([]);
  const numberRead = executor.getByText('Odczytana liczba:').first();
  await numberRead.scrollIntoViewIfNeeded();
  await expect(numberRead).toBeInViewport({ ratio: 1 });
  await executor.setViewportSize({ width: 1280, height: 720 });

  // A stage's done points over all years may not pass its plan unconfirmed: said next to the cell
  // as it is typed (issue 19: 99 + 99,5 + 99 points for one year of a 100-point task).
  const first = executor.getByRole('textbox', { name: 'Wykonanie (pkt) w 2012 r. – etap 1. Przygotowanie' });
  await first.fill('31');
  await expect(first).toHaveAccessibleDescription(
    'Razem z innymi latami etap ma 31 pkt wykonania przy planie 30 pkt – więcej niż plan. Postęp zadania liczy etap najwyżej do jego planu.',
  );
  await executor.getByRole('button', { name: 'Zapisz wersję roboczą' }).click();
  await expect(
    executor.getByText('Wykonanie etapu przekracza jego plan – potwierdź wartość pod tabelą.'),
  ).toBeVisible();
  await expect(executor.getByLabel('Potwierdzam wykonanie ponad plan etapu')).toBeVisible();
  await first.fill('30');
  await expect(executor.getByTestId('over-plan')).toHaveCount(0);

  // Each input's name says what the number is, not only whose row it is in.
  await executor
    .getByRole('textbox', { name: 'Wykonanie (pkt) w 2012 r. – etap 1. Przygotowanie' })
    .fill('27,5');
  await executor
    .getByRole('textbox', { name: 'Wartość osiągnięta w 2012 r. – wskaźnik Liczba firm w inkubatorze' })
    .fill('ok. 12');
  await expect(executor.getByLabel('2. Uruchomienie')).toHaveAccessibleName(
    'Wykonanie (pkt) w 2012 r. – etap 2. Uruchomienie',
  );
  await expect(executor.getByRole('row', { name: /Liczba firm w inkubatorze/ })).toContainText('12');
  await executor.getByRole('button', { name: 'Zapisz wersję roboczą' }).click();
  await expect(executor.getByRole('status').filter({ hasText: 'Zapisano wersję roboczą.' })).toBeVisible();

  // A version the server refuses (a hidden field) is said in words; no field is marked, nothing saved.
  await forgeNextAction(executor, (body) => body.replace(/"version":\d+/, '"version":0'));
  await executor.getByRole('button', { name: 'Zapisz wersję roboczą' }).click();
  await expect(executor.getByRole('main').getByRole('alert')).toHaveText(STALE_FORM);
  await expect(executor.locator('[aria-invalid=true]')).toHaveCount(0);

  // Submitting needs every planned stage, every indicator and a narrative: named at each field.
  await executor.getByRole('button', { name: 'Złóż sprawozdanie' }).click();
  await expect(executor.locator('#narrative-error')).toHaveText('Uzupełnij przed złożeniem sprawozdania.');
  await executor.getByLabel('2. Uruchomienie').fill('150');
  await executor.getByRole('button', { name: 'Złóż sprawozdanie' }).click();
  await expect(executor.getByText('Wartość nie może przekraczać 100 punktów.')).toBeVisible();
  await executor.getByLabel('2. Uruchomienie').fill('20');
  await executor.getByLabel('Nowe miejsca pracy').fill('bd.');
  await executor.getByLabel('Opis realizacji').fill('Przygotowano regulamin inkubatora.');
  // Cancelling the question submits nothing.
  await executor.getByRole('button', { name: 'Złóż sprawozdanie' }).click();
  await executor.getByRole('dialog').getByRole('button', { name: 'Anuluj' }).click();
  await expect(executor.getByRole('button', { name: 'Złóż sprawozdanie' })).toBeFocused();
  await expect(executor.getByTestId('report-status')).toContainText('Wersja robocza');
  await submitReport(executor, `2. ${TASK}`, 2012);
  await expect(executor.getByTestId('report-status')).toContainText('Złożone – czeka na koordynatora');

  // The coordinator returns it with a comment (required).
  const coordinator = await personaPage(browser, 'coordinator');
  await coordinator.goto('/inbox');
  await coordinator
    .getByRole('region', { name: /Do oceny/ })
    .getByRole('link', { name: /Inkubator/ })
    .click();
  await expect(coordinator.getByTestId('progress-change')).toContainText(
    '0% przed zatwierdzeniem, 47,5% po zatwierdzeniu',
  );
  await expectAccessible(coordinator);
  await coordinator.getByRole('button', { name: 'Zwróć do poprawy' }).click();
  await expect(coordinator.getByText('Podaj komentarz – jest wymagany')).toBeVisible();
  await coordinator.getByLabel('Komentarz').fill('Proszę opisać, co zrobiono w etapie 2.');
  await coordinator.getByRole('button', { name: 'Zwróć do poprawy' }).click();
  // The decision panel disappears with the decision: the report's state says what happened.
  await expect(coordinator.getByTestId('report-status')).toContainText('Zwrócone do poprawy');

  // The executor sees the comment in the inbox row and at the top of the form, corrects and resubmits.
  await executor.goto('/inbox');
  const returnedRow = executor
    .getByRole('region', { name: /Zwrócone do poprawy/ })
    .getByRole('row', { name: /Inkubator/ });
  await expect(returnedRow).toContainText('Uwagi: „Proszę opisać, co zrobiono w etapie 2.”');
  await returnedRow.getByRole('link', { name: /Inkubator/ }).click();
  const why = executor.getByRole('region', { name: 'Sprawozdanie zwrócono do poprawy' });
  await expect(why).toContainText('„Proszę opisać, co zrobiono w etapie 2.”');
  await expect(why).toContainText('Jan Kowalski');
  await expectAccessible(executor);
  await expect(executor.getByTestId('report-history')).toContainText(
    '„Proszę opisać, co zrobiono w etapie 2.”',
  );
  await expect(executor.getByLabel('1. Przygotowanie')).toHaveValue('27,5');
  await executor
    .getByLabel('Opis realizacji')
    .fill('Przygotowano regulamin; etap 2 uruchomiono w październiku.');
  await submitReport(executor, `2. ${TASK}`, 2012);
  await expect(executor.getByTestId('report-status')).toContainText('Złożone – czeka na koordynatora');
  await expect(executor.getByRole('region', { name: 'Sprawozdanie zwrócono do poprawy' })).toHaveCount(0);

  // The coordinator accepts; the goal owner approves.
  await coordinator.goto('/inbox');
  await coordinator
    .getByRole('region', { name: /Do oceny/ })
    .getByRole('link', { name: /Inkubator/ })
    .click();
  await coordinator.getByRole('button', { name: 'Przyjmij' }).click();
  await expect(coordinator.getByTestId('report-status')).toContainText('Przyjęte – czeka na szefa celu');

  const owner = await personaPage(browser, 'goalOwner');
  await owner.goto('/inbox');
  await owner
    .getByRole('region', { name: /Do zatwierdzenia/ })
    .getByRole('link', { name: /Inkubator/ })
    .click();
  await owner.getByRole('button', { name: 'Zatwierdź' }).click();
  await expect(owner.getByTestId('report-status')).toContainText('Zatwierdzone');
  // On the same page, without reloading: withdraw the approval, then approve again. Each decision
  // carries the version the previous one left: no "changed meanwhile".
  await owner.getByLabel('Komentarz').fill('Sprawdzam wartość miernika.');
  await owner.getByRole('button', { name: 'Wycofaj zatwierdzenie' }).click();
  await expect(owner.getByTestId('report-status')).toContainText('Przyjęte – czeka na szefa celu');
  // The report screen has a status line per form (decision, attachments, discussion): this one's.
  await expect(
    owner.getByRole('main').getByRole('status').filter({ hasText: 'Zatwierdzenie wycofane.' }),
  ).toBeVisible();
  await owner.getByRole('button', { name: 'Zatwierdź' }).click();
  await expect(owner.getByTestId('report-status')).toContainText('Zatwierdzone');
  await expect(
    owner.getByRole('main').getByRole('status').filter({ hasText: 'Sprawozdanie zatwierdzone.' }),
  ).toBeVisible();
  await expect(owner.getByRole('main').getByRole('alert')).toHaveCount(0);
  await expect(owner.getByTestId('report-history').getByRole('listitem')).toHaveCount(8);
  for (const step of [
    'Zapisano wersję roboczą',
    'Złożono sprawozdanie',
    'Zwrócono do poprawy',
    'Przyjęto (koordynator)',
    'Zatwierdzono (szef celu)',
    'Wycofano zatwierdzenie',
  ]) {
    await expect(owner.getByTestId('report-history')).toContainText(step);
  }

  // The task card now shows the approved values and progress.
  await owner
    .getByRole('navigation', { name: 'Ścieżka nawigacji' })
    .getByRole('link', { name: /Inkubator/ })
    .click();
  const stages = owner.getByRole('table', { name: /Komórka „x\/y%”/ });
  await expect(
    stages
      .getByRole('row', { name: /^1\. Przygotowanie/ })
      .getByRole('cell')
      .nth(3),
  ).toHaveText('27,5/30%');
  await expect(owner.getByTestId('task-progress')).toHaveText('47,5%');
  await expect(owner.getByRole('row', { name: /Liczba firm w inkubatorze/ })).toContainText('ok. 12');
  // Its history lists the report's steps, newest first, with the comments.
  const history = owner.getByTestId('task-changes').getByRole('listitem');
  await expect(history.first()).toContainText(
    'Sprawozdanie za 2012 r.: Zatwierdzono (szef celu) · Katarzyna Nowak',
  );
  await expect(history.nth(1)).toContainText(
    'Sprawozdanie za 2012 r.: Wycofano zatwierdzenie · Katarzyna Nowak · „Sprawdzam wartość miernika.”',
  );
  await expect(owner.getByTestId('task-changes')).toContainText(
    'Sprawozdanie za 2012 r.: Zwrócono do poprawy · Jan Kowalski · „Proszę opisać, co zrobiono w etapie 2.”',
  );
  await executorContext.close();
});

test('the seed task: its executor also coordinates, so the report goes straight to the goal owner', async ({
  browser,
}) => {
  const coordinator = await personaPage(browser, 'coordinator');
  await coordinator.goto('/inbox');
  await coordinator
    .getByRole('region', { name: /Do wypełnienia/ })
    .getByRole('link', { name: /Współpraca w ramach/ })
    .click();
  await expect(coordinator.getByText('trafia od razu do szefa celu')).toBeVisible();
  for (const name of [
    'Lokalna Grupa Wsparcia',
    'Lokalny Plan Działań',
    'Nowe kierunki na uczelniach wyższych',
    'Nowe gałęzie przemysłu',
    'Zwiększenie współpracy z instytucjami regionalnymi',
  ]) {
    await coordinator.getByLabel(name).fill('0');
  }
  await coordinator.getByLabel('Opis realizacji').fill('W 2012 r. nie planowano etapów; mierniki bez zmian.');
  const seedTask = '1. Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)';
  await submitReport(coordinator, seedTask, 2012);
  await expect(coordinator.getByTestId('report-status')).toContainText('Przyjęte – czeka na szefa celu');

  // Nobody has acted yet: the executor recalls it (asked first), and it is a draft again.
  await coordinator.getByRole('button', { name: 'Cofnij złożenie' }).click();
  await expect(coordinator.getByRole('dialog')).toContainText(
    `Cofnąć złożenie sprawozdania za 2012 r. dla zadania ${seedTask}?`,
  );
  await coordinator.getByRole('dialog').getByRole('button', { name: 'Cofnij złożenie' }).click();
  await expect(coordinator.getByTestId('report-status')).toContainText('Wersja robocza');
  await expect(coordinator.getByTestId('report-status')).toBeFocused();
  await expect(coordinator.getByTestId('report-history')).toContainText('Cofnięto złożenie (realizator)');
  await expect(coordinator.getByLabel('Opis realizacji')).toHaveValue(
    'W 2012 r. nie planowano etapów; mierniki bez zmian.',
  );
  await expectAccessible(coordinator);
  await submitReport(coordinator, seedTask, 2012);
  await expect(coordinator.getByTestId('report-status')).toContainText('Przyjęte – czeka na szefa celu');
  await expect(coordinator.getByTestId('report-history')).toContainText('Pominięto ocenę koordynatora');
  await expect(coordinator.getByRole('button', { name: 'Zatwierdź' })).toHaveCount(0);

  const owner = await personaPage(browser, 'goalOwner');
  await owner.goto('/inbox');
  await expect(
    owner
      .getByRole('region', { name: /Do zatwierdzenia/ })
      .getByRole('link', { name: /Współpraca w ramach/ }),
  ).toBeVisible();
});

test('a report past its deadline shows as late; a year without the coordinator review says so', async ({
  browser,
}) => {
  const admin = await personaPage(browser, 'admin');
  // A deadline already past is said at the field and needs the office's explicit confirmation.
  await admin.goto('/admin/reporting');
  await admin.getByLabel('Rok', { exact: true }).selectOption('2011');
  await admin.getByLabel('Termin złożenia').fill('2012-01-31');
  await expect(admin.getByLabel('Termin złożenia')).toHaveAccessibleDescription(
    /wcześniejszy niż dzisiejsza data/,
  );
  await admin.getByRole('button', { name: 'Otwórz rok' }).click();
  await expect(admin.getByLabel('Termin złożenia')).toHaveAccessibleDescription(/Ten termin już minął/);
  await expect(admin.getByRole('row', { name: /^2011/ })).toHaveCount(0);
  await expectAccessible(admin);
  await openYear(admin, 2011, '2012-01-31', {
    coordinatorReview: false,
    confirmPast: true,
    reminderDays: '3',
  });
  // The table shows each year's steps; the form shows those of the year chosen in it.
  await expect(admin.getByRole('row', { name: /^2011/ }).getByRole('cell').nth(1)).toHaveText('nie');
  await expect(admin.getByRole('row', { name: /^2012/ }).getByRole('cell').nth(1)).toHaveText('tak');
  const reminder = admin.getByLabel('Przypomnienie (dni przed terminem)');
  await admin.getByLabel('Rok', { exact: true }).selectOption('2011');
  await expect(admin.getByLabel(REVIEW)).not.toBeChecked();
  await expect(reminder).toHaveValue('3');
  await admin.getByLabel('Rok', { exact: true }).selectOption('2012');
  await expect(admin.getByLabel(REVIEW)).toBeChecked();
  await expect(reminder).toHaveValue('7');
  await expectAccessible(admin);
  // The office's home: the open years side by side in one table, 2011's late reports counted (the
  // count a link to their list) and listed, and each year's council report one link away.
  await admin.goto('/');
  const overview = admin.getByRole('table', { name: /sprawozdania otwartych lat według stanu$/ });
  await expect(overview.getByRole('columnheader', { name: /^2011 r\.\s*termin 31 sty 2012$/ })).toBeVisible();
  await expect(
    overview
      .getByRole('row', { name: /^Po terminie/ })
      .getByRole('link', { name: /^[1-9]\d* – Po terminie, 2011 r\.: lista sprawozdań$/ }),
  ).toHaveAttribute('href', /\/admin\/reporting\/\d+\/2011\?late=1$/);
  await expect(overview.getByRole('link', { name: 'Raport roczny dla rady za 2011 r.' })).toHaveAttribute(
    'href',
    /\/strategies\/\d+\/report\/2011$/,
  );
  await expect(
    admin
      .getByRole('listitem')
      .filter({ has: admin.getByRole('link', { name: /Inkubator.* \(2011 r\.\)$/ }) })
      .getByText('Po terminie'),
  ).toBeVisible();
  await expectAccessible(admin);
  const context = await browser.newContext();
  const executor = await context.newPage();
  await signIn(executor, fixturePeople.executor.login);
  await executor.getByTestId('inbox-link').click();
  const late = executor
    .getByRole('region', { name: /Do wypełnienia/ })
    .getByRole('row', { name: /Inkubator/ })
    .filter({ hasText: '2011' });
  await expect(late).toContainText('Po terminie');
  await late.getByRole('link').click();
  await expect(executor.getByRole('heading', { level: 1 })).toContainText('Sprawozdanie za 2011 r.');
  await expect(executor.getByTestId('report-status')).toContainText('Po terminie');
  await expect(executor.getByText('nie przechodzą oceny koordynatora')).toBeVisible();
  await context.close();
});
