import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import type { ImportCardInput } from '@/lib/cards/import-schema';
import { confirmImport } from '@/lib/cards/preview/confirm-import';
import { previewImport } from '@/lib/cards/preview/preview-import';
import type { ImportPreview } from '@/lib/cards/preview/types';
import { importMessageText as said } from '@/lib/cards/message-text';
import type { ImportMessage } from '@/lib/cards/messages';
import { incompleteProblems, liveWarnings } from '@/lib/cards/preview/rules';
import { saveTaskCard } from '@/lib/strategy/task-card-save';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { getTaskCard } from '@/lib/strategy/task-card';
import {
  allRows,
  confirmOf,
  importWorld,
  isProgramThreeCard,
  publicErrorOf,
  root,
  threeCards,
} from '../support/import-screen';
import { testBackends } from '../support/test-db';

describe.each(testBackends())('the import screen on $name', (backend) => {
  const world = importWorld(backend);

  it('saves what was edited in the preview, not what the text said', async () => {
    const { database, admin } = world;
    try {
      const preview: ImportPreview = await previewImport(database.db, admin, { text: threeCards });
      const card = structuredClone(preview.cards[0]!.card);
      const year = card.years.indexOf(2010);
      card.indicators[0]!.values[year] = '120';
      card.stages[1]!.cells[year] = { actual: 18.5, planned: 20 };
      card.partners.push({ name: 'Regionalna Izba Przemysłowo Handlowa', scope: 'Doradztwo' });
      const summary = await confirmImport(database.db, admin, { cards: [card], bases: [null] });
      const taskId = summary.tasks[0]!.taskId;
      const view = await getTaskCard(database.db, admin, taskId);
      expect(view.indicators[0]!.years[2010]?.actualText).toBe('120');
      expect(view.stages[1]!.cells[2010]).toMatchObject({ actual: 18.5, planned: 20 });
      expect(view.partners.map((partner) => partner.name)).toContain('Regionalna Izba Przemysłowo Handlowa');
    } finally {
      await database.close();
    }
  });

  it('refuses bad text: empty, binary, 5 MB, and reports a card cut off in the middle', async () => {
    const { database, admin } = world;
    try {
      const before = await allRows(database);
      const codeOf = async (text: string) =>
        (await publicErrorOf(previewImport(database.db, admin, { text }))).fieldErrors;
      expect((await codeOf('   \n'))?.text).toContain('emptyText');
      expect((await codeOf(`Cel I\u0000\u0001binary`))?.text).toContain('invalidCharacters');
      const huge = crypto.randomBytes(5 * 1024 * 1024 * 0.75).toString('base64');
      expect((await codeOf(huge))?.text).toContain('tooLong');
      const noCards = await previewImport(database.db, admin, { text: 'zwykły tekst bez kart' });
      expect(noCards.cards).toEqual([]);
      expect(said(noCards.errors[0]!.message)).toBe(
        'Nie znaleziono nagłówka celu (Cel I - … - szef celu …): tekst nie zawiera żadnej karty zadania.',
      );
      expect((await publicErrorOf(previewImport(database.db, admin, { text: 42 }))).code).toBe('invalid');

      // A card cut off in the middle is shown with what it lacks (tested below), never saved as it is.
      const cut = threeCards.slice(0, threeCards.indexOf('Realizator'));
      const preview = await previewImport(database.db, admin, { text: cut });
      expect(preview.errors).toEqual([]);
      expect(said(preview.cards[0]!.cutError!.message)).toMatch(
        /^Karta urywa się w sekcji „Etapy realizacji zadania” \(wiersz \d+\): brak sekcji „Realizator”/,
      );
      expect(await allRows(database)).toEqual(before);
    } finally {
      await database.close();
    }
  });

  it('shows a card with several sections missing, with what is missing, and saves it only once filled in', async () => {
    const { database, admin } = world;
    try {
      // The first card of the file ends after its stages: no executor, partners, indicators, cost, budget.
      const text = threeCards.slice(0, threeCards.indexOf('Realizator'));
      const preview = await previewImport(database.db, admin, { text });
      // Not "0 cards loaded" with the card gone: the card, with its errors.
      expect(preview.cards).toHaveLength(1);
      expect(preview.errors).toEqual([]);
      const [shown] = preview.cards;
      expect(shown!.card.task.title).toBe('Program ograniczania niskiej emisji');
      expect(shown!.card.stages.map((stage) => stage.name)).toEqual([
        'Inwentaryzacja źródeł niskiej emisji',
        'Nabór wniosków i wymiana pieców',
        'Ocena zrealizowanego zadania',
      ]);
      expect(shown!.missing).toEqual(['executor', 'budget']);
      expect(said(shown!.cutError!.message)).toContain(
        'brak sekcji „Realizator”, „Podmioty współpracujące”, „Mierniki dla realizacji zadania”',
      );
      // It is shown, not skipped.
      expect(said(shown!.cutError!.message)).not.toContain('Pominięto');
      const problems = incompleteProblems(shown!.card, shown!.missing).map((problem) =>
        said(problem.message),
      );
      expect(problems).toEqual([
        'Brak sekcji „Realizator” — uzupełnij ją tutaj albo popraw tekst karty i wczytaj go ponownie.',
        'Brak sekcji „Budżet zadania” — uzupełnij ją tutaj albo popraw tekst karty i wczytaj go ponownie.',
      ]);

      // Saving it as it is (the screen does not even send it; a forged request is refused): nothing written.
      const before = await allRows(database);
      const request = { ...confirmOf(preview.cards), missing: preview.cards.map((card) => card.missing) };
      const refused = await publicErrorOf(confirmImport(database.db, admin, request));
      expect(refused.fieldErrors).toEqual({ 'cards.0': ['cardIncomplete'] });
      expect(await allRows(database)).toEqual(before);

      // Filled in in the preview: saved.
      const filled = structuredClone(shown!.card);
      filled.task.executor = { department: 'Wydział Ochrony Środowiska', function: 'Naczelnik' };
      filled.funding = [{ source: 'Budżet miasta', value: '100%' }];
      expect(incompleteProblems(filled, shown!.missing)).toEqual([]);
      const summary = await confirmImport(database.db, admin, { ...request, cards: [filled] });
      expect(summary.created).toBe(1);
    } finally {
      await database.close();
    }
  });

  it('gives a card cut short before its stages the years of its strategy, and asks for the stages', async () => {
    const { database, admin } = world;
    try {
      const seed = fs.readFileSync(
        path.join(root, 'scripts/seed/karta-zadania-cel-I-program-3-zadanie-1.txt'),
        'utf8',
      );
      const preview = await previewImport(database.db, admin, {
        text: seed.slice(0, seed.indexOf('Uzasadnienie')),
      });
      const [shown] = preview.cards;
      expect(shown!.card.years).toEqual([2009, 2010, 2011, 2012, 2013]);
      expect(shown!.missing).toEqual(['justification', 'description', 'stages', 'executor', 'budget']);
      const problems = incompleteProblems(shown!.card, shown!.missing).map((problem) => problem.field);
      expect(problems).toContain('stages');
    } finally {
      await database.close();
    }
  });

  it('recomputes the warnings of editable fields from the edited card: a plan fixed to 100 is no longer warned about', async () => {
    const { database, admin } = world;
    try {
      // The first card with its last stage's plan gone: the planned points sum to 90.
      const text = threeCards.replace(
        'Ocena zrealizowanego zadania - - - - /10%',
        'Ocena zrealizowanego zadania - - - - -',
      );
      const preview = await previewImport(database.db, admin, { text });
      const shown = preview.cards.find(
        (card) => card.card.task.title === 'Program ograniczania niskiej emisji',
      )!;
      /** What the preview warns about for this card as it is now: the parser's and the live ones. */
      const warned = (card: ImportCardInput) =>
        [...shown.warnings, ...liveWarnings(card, { executorPost: true })].map((warning) =>
          said(warning.message),
        );
      expect(warned(shown.card)).toContain('Planowane punkty etapów sumują się do 90, a nie do 100.');

      // The user plans 10 points for the last stage in 2013: the warning goes.
      const fixed = structuredClone(shown.card);
      fixed.stages[2]!.cells[4]!.planned = 10;
      expect(warned(fixed).filter((message) => message.includes('sumują się'))).toEqual([]);
      // And comes back for a plan the user breaks again (over 100).
      fixed.stages[0]!.cells[0]!.planned = 20;
      expect(warned(fixed)).toContain('Planowane punkty etapów sumują się do 110, a nie do 100.');

      // The same for the funding shares (70% + 30% on the second card; the user makes it 70% + 20%).
      const second = preview.cards.find((card) => card.card.task.title === 'Monitoring jakości powietrza')!;
      const funding = structuredClone(second.card);
      expect(liveWarnings(funding, { executorPost: false })).toEqual([]);
      funding.funding[1]!.value = '20%';
      expect(liveWarnings(funding, { executorPost: false }).map((warning) => said(warning.message))).toEqual([
        'Udziały źródeł finansowania sumują się do 90%, a nie do 100%.',
      ]);
    } finally {
      await database.close();
    }
  });

  it('says in the preview that the executor’s post was not found, offers the posts, and saves the one chosen', async () => {
    const { database, admin } = world;
    try {
      const preview = await previewImport(database.db, admin, { text: threeCards });
      const shown = preview.cards.find(
        (card) => card.card.task.title === 'Program ograniczania niskiej emisji',
      )!;
      // "Wydział Ochrony Środowiska – Naczelnik" is no post of the city: said before saving.
      expect(shown.card.task.executorPostId).toBeNull();
      expect(
        liveWarnings(shown.card, { executorPost: true }).map((warning) => [
          warning.field,
          said(warning.message),
        ]),
      ).toContainEqual([
        'task.executorPostId',
        'Nie znaleziono stanowiska realizatora „Wydział Ochrony Środowiska – Naczelnik” — wybierz je z listy; bez tego rola realizatora pozostanie nieprzydzielona.',
      ]);
      // The card naming an existing post has it chosen already.
      const named = preview.cards.find((card) => isProgramThreeCard(card.card))!;
      const [wpir] = await database.db
        .select({ id: schema.posts.id })
        .from(schema.posts)
        .where(eq(schema.posts.name, 'Naczelnik Wydziału Promocji i Rozwoju'));
      expect(named.card.task.executorPostId).toBe(wpir!.id);
      // The choice: every active post, named.
      const choice = preview.posts.find((post) => post.label.startsWith('Naczelnik Wydziału Gospodarki'));
      expect(choice).toBeDefined();

      // A post that does not exist is refused, and nothing is written.
      const before = await allRows(database);
      const forged = confirmOf(preview.cards);
      const index = preview.cards.indexOf(shown);
      forged.cards[index] = { ...shown.card, task: { ...shown.card.task, executorPostId: 999_999 } };
      const refused = await publicErrorOf(confirmImport(database.db, admin, forged));
      expect(refused.fieldErrors).toEqual({ [`cards.${index}.task.executorPostId`]: ['postNotFound'] });
      expect(await allRows(database)).toEqual(before);

      // The post chosen in the preview becomes the executor of the new task.
      const request = confirmOf(preview.cards);
      request.cards[index] = { ...shown.card, task: { ...shown.card.task, executorPostId: choice!.id } };
      const summary = await confirmImport(database.db, admin, request);
      expect(summary.unassigned.map((message) => said(message)).join(' ')).not.toContain('Zadanie III.1.1:');
      const taskId = summary.tasks.find((task) => task.task === 'III.1.1')!.taskId;
      const roles = await database.db
        .select({ postId: schema.postRoles.postId })
        .from(schema.postRoles)
        .where(and(eq(schema.postRoles.taskId, taskId), eq(schema.postRoles.role, 'executor')));
      expect(roles).toEqual([{ postId: choice!.id }]);
    } finally {
      await database.close();
    }
  });

  it('refuses a forged payload with field errors and writes nothing', async () => {
    const { database, admin } = world;
    try {
      const preview = await previewImport(database.db, admin, { text: threeCards });
      const card = structuredClone(preview.cards[0]!.card) as ImportCardInput & Record<string, unknown>;
      card.stages[0]!.cells[0] = { actual: 150, planned: 101 };
      // Stage points are numeric(7,2): a third decimal would be rounded away.
      card.stages[0]!.cells[1] = { actual: 2.005, planned: 12.345 };
      (card.indicators[0] as { type: string }).type = 'bogus';
      card.task.description = 'x'.repeat(100_000);
      card.partners[0]!.name = 'y'.repeat(100_000);
      const before = await allRows(database);
      const error = await publicErrorOf(confirmImport(database.db, admin, { cards: [card], bases: [null] }));
      expect(error.code).toBe('invalid');
      expect(error.fieldErrors).toMatchObject({
        'cards.0.stages.0.cells.0.actual': ['above100'],
        'cards.0.stages.0.cells.0.planned': ['above100'],
        'cards.0.stages.0.cells.1.actual': ['tooManyDecimals'],
        'cards.0.stages.0.cells.1.planned': ['tooManyDecimals'],
        'cards.0.indicators.0.type': ['invalid'],
        'cards.0.task.description': ['tooLong'],
        'cards.0.partners.0.name': ['tooLong'],
      });
      // Years out of order, and a grid row that does not fit the years.
      const shuffled = structuredClone(preview.cards[0]!.card);
      shuffled.years = [...shuffled.years].reverse();
      shuffled.stages[0]!.cells.pop();
      expect(
        (await publicErrorOf(confirmImport(database.db, admin, { cards: [shuffled], bases: [null] })))
          .fieldErrors,
      ).toEqual({
        'cards.0.years.1': ['yearsOrder'],
        'cards.0.years.2': ['yearsOrder'],
        'cards.0.years.3': ['yearsOrder'],
        'cards.0.years.4': ['yearsOrder'],
        'cards.0.stages.0.cells': ['invalid'],
      });
      expect(
        (await publicErrorOf(confirmImport(database.db, admin, { cards: [], bases: [] }))).fieldErrors,
      ).toEqual({ cards: ['noCards'] });
      // The bases are one per card.
      const unmatched = confirmImport(database.db, admin, { cards: [preview.cards[0]!.card], bases: [] });
      expect((await publicErrorOf(unmatched)).fieldErrors).toEqual({ bases: ['invalid'] });
      expect((await publicErrorOf(confirmImport(database.db, admin, 'nonsense'))).code).toBe('invalid');
      expect(await allRows(database)).toEqual(before);
    } finally {
      await database.close();
    }
  });

  it('a card whose task changed since the preview is a conflict: nothing is written; a new preview saves', async () => {
    const { database, fixture, admin, coordinator } = world;
    try {
      const preview = await previewImport(database.db, admin, { text: threeCards });
      const index = preview.cards.findIndex((card) => isProgramThreeCard(card.card));
      expect(preview.cards[index]!.base).toMatchObject({ taskId: fixture.taskId });
      // Meanwhile the coordinator saves the task in the card editor.
      const editor = await getTaskEditor(database.db, coordinator, fixture.taskId);
      await saveTaskCard(database.db, coordinator, fixture.taskId, {
        ...editor.form,
        title: 'Inkubator przedsiębiorczości (z edytora)',
      });
      const before = await allRows(database);

      const error = await publicErrorOf(confirmImport(database.db, admin, confirmOf(preview.cards)));
      expect(error.code).toBe('conflict');
      expect(error.fieldErrors).toEqual({ [`cards.${index}`]: ['changedSincePreview'] });
      expect(said(error.messages![`cards.${index}`] as ImportMessage)).toBe(
        'Karta zadania I.3.2 zmieniła się od podglądu — wczytaj plik ponownie.',
      );
      expect(await allRows(database)).toEqual(before);

      const fresh = await previewImport(database.db, admin, { text: threeCards });
      const saved = await confirmImport(database.db, admin, confirmOf(fresh.cards));
      expect(saved).toMatchObject({ created: 2, updated: 1 });
      // The same preview once more: every card's task is now another than it showed.
      const replay = await publicErrorOf(confirmImport(database.db, admin, confirmOf(fresh.cards)));
      expect(replay.code).toBe('conflict');
      expect(Object.keys(replay.fieldErrors ?? {}).sort()).toEqual(['cards.0', 'cards.1', 'cards.2']);
    } finally {
      await database.close();
    }
  });

  it('a year with a report: the preview shows the card as saving will keep it, with a note; saving keeps the year', async () => {
    const { database, fixture, admin } = world;
    try {
      await database.db
        .insert(schema.reports)
        .values({ taskId: fixture.taskId, year: 2012, status: 'returned' });
      const preview = await previewImport(database.db, admin, { text: threeCards });
      const own = preview.cards.find((card) => isProgramThreeCard(card.card))!;
      const note = 'Zadanie I.3.2: za 2012 r. jest sprawozdanie roczne';
      expect(own.warnings.filter((warning) => said(warning.message).startsWith(note))).toMatchObject([
        { field: 'stages' },
      ]);
      // The file says 640 m² in 2011–2013; 2012 is the report's (nothing reported yet).
      const area = own.card.indicators.findIndex((indicator) => indicator.name.startsWith('Powierzchnia'));
      const column = own.card.years.indexOf(2012);
      const shown = own.card.indicators[area]!.values;
      expect([shown[column - 1], shown[column], shown[column + 1]]).toEqual(['640', '', '640']);
      expect(own.changes.some((change) => change.params.year === 2012 && change.after === '640')).toBe(false);

      // Typed back into the form, the value is still not saved.
      const request = confirmOf(preview.cards);
      request.cards = structuredClone(request.cards);
      request.cards[preview.cards.indexOf(own)]!.indicators[area]!.values[column] = '640';
      const summary = await confirmImport(database.db, admin, request);
      expect(summary.notes.map((line) => said(line))).toContain(
        `${note} — wykonanie etapów i wartości mierników z karty pominięto, pozostawiono zapisane.`,
      );
      const view = await getTaskCard(database.db, admin, fixture.taskId);
      const saved = view.indicators.find((indicator) => indicator.name.startsWith('Powierzchnia'))!;
      expect([2011, 2012, 2013].map((year) => saved.years[year]?.actualText ?? null)).toEqual([
        '640',
        null,
        '640',
      ]);
    } finally {
      await database.close();
    }
  });
});
