import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { seedDemoData } from '@/db/seed/demo';
import type { CurrentUser } from '@/lib/auth/sessions';
import type { ImportCardInput } from '@/lib/cards/import-schema';
import {
  confirmImport,
  type ImportPreview,
  type PreviewCard,
  previewImport,
} from '@/lib/cards/import-screen';
import { importMessageText as said } from '@/lib/cards/message-text';
import type { ImportMessage } from '@/lib/cards/messages';
import { incompleteProblems, liveWarnings } from '@/lib/cards/preview-rules';
import { extractUploadText } from '@/lib/cards/upload';
import { isPublicError, type PublicError } from '@/lib/errors';
import { getTaskEditor, saveTaskCard } from '@/lib/strategy/manage';
import { getTaskCard } from '@/lib/strategy/task-card';
import { addWorkflowFixture, fixtureLogins, userByLogin, type WorkflowFixture } from '../support/fixtures';
import { createMigrated, testBackends } from '../support/test-db';

const root = path.join(import.meta.dirname, '../..');
const threeCards = fs.readFileSync(path.join(root, 'tests/fixtures/cards/trzy-karty.txt'), 'utf8');

const tables = {
  departments: schema.departments,
  posts: schema.posts,
  postRoles: schema.postRoles,
  strategies: schema.strategies,
  goals: schema.goals,
  programs: schema.programs,
  tasks: schema.tasks,
  stages: schema.stages,
  stageYears: schema.stageYears,
  partners: schema.partners,
  indicators: schema.indicators,
  indicatorYears: schema.indicatorYears,
  fundingSources: schema.fundingSources,
  reports: schema.reports,
  auditLog: schema.auditLog,
};

/** Every row of the tables an import could touch, in a stable order: equal means nothing was written. */
async function allRows(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, table] of Object.entries(tables)) {
    const rows = await database.db.select().from(table);
    out[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

async function publicErrorOf(promise: Promise<unknown>): Promise<PublicError> {
  try {
    await promise;
  } catch (error) {
    if (isPublicError(error)) return error;
    throw error;
  }
  throw new Error('expected a public error');
}

/** The card of program I.3, task 2 in trzy-karty.txt (that task exists in the workflow fixture). */
const isProgramThreeCard = (card: ImportCardInput) => card.goal.number === 1 && card.program.number === 3;

/** What the screen sends to confirm the previewed cards: the cards and, per card, its preview's base. */
const confirmOf = (cards: PreviewCard[]) => ({
  cards: cards.map((card) => card.card),
  bases: cards.map((card) => card.base),
});

describe.each(testBackends())('the import screen on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let admin: CurrentUser;
  let coordinator: CurrentUser;

  beforeEach(async () => {
    database = await createMigrated(backend);
    await seedDemoData(database.db);
    fixture = await addWorkflowFixture(database.db);
    admin = await userByLogin(database.db, 'admin');
    coordinator = await userByLogin(database.db, 'naczelnik.wpir');
  });

  const close = () => database.close();

  it('previews three cards, marks the existing one with its changes, and writes nothing', async () => {
    try {
      const before = await allRows(database);
      const preview = await previewImport(database.db, admin, { text: threeCards });
      expect(await allRows(database)).toEqual(before);
      expect(preview.errors).toEqual([]);
      expect(preview.cards).toHaveLength(3);
      expect(preview.cards.every((card) => card.refusal === null)).toBe(true);
      const existing = preview.cards.find((card) => isProgramThreeCard(card.card))!;
      expect(existing.existingTaskId).toBe(fixture.taskId);
      expect(existing.changes.map((change) => change.key)).toEqual(
        expect.arrayContaining(['title', 'stageCell', 'partnerAdded', 'funding']),
      );
      expect(existing.changes.find((change) => change.key === 'title')).toMatchObject({
        before: 'Inkubator przedsiębiorczości (zadanie testowe)',
        after: 'Inkubator przedsiębiorczości',
      });
      const fresh = preview.cards.filter((card) => card !== existing);
      expect(fresh.map((card) => card.existingTaskId)).toEqual([null, null]);
      // Warnings point at form fields: a year became the index of its column.
      for (const card of preview.cards)
        for (const warning of card.warnings) expect(warning.field).not.toMatch(/\.(cells|values)\.\d{4}/);
    } finally {
      await close();
    }
  });

  it('refuses an executor, a goal owner of another goal and a coordinator of another program, writing nothing', async () => {
    try {
      const before = await allRows(database);
      const preview = await previewImport(database.db, admin, { text: threeCards });
      const cards = preview.cards.map((card) => card.card);
      for (const login of [fixtureLogins.executor, fixtureLogins.otherGoalOwner]) {
        const user = await userByLogin(database.db, login);
        expect((await publicErrorOf(previewImport(database.db, user, { text: threeCards }))).code).toBe(
          'forbidden',
        );
        expect((await publicErrorOf(confirmImport(database.db, user, { cards }))).code).toBe('forbidden');
      }
      const otherCoordinator = await userByLogin(database.db, fixtureLogins.otherCoordinator);
      const theirs = await previewImport(database.db, otherCoordinator, { text: threeCards });
      expect(theirs.cards.map((card) => card.refusal)).toEqual([
        'newProgram',
        'newProgram',
        'notYourProgram',
      ]);
      // No changes of another program's task are shown to them.
      expect(theirs.cards[2]!.changes).toEqual([]);
      const error = await publicErrorOf(
        confirmImport(
          database.db,
          otherCoordinator,
          confirmOf(preview.cards.filter((card) => isProgramThreeCard(card.card))),
        ),
      );
      expect(error.code).toBe('invalid');
      expect(error.fieldErrors).toEqual({ 'cards.0': ['notYourProgram'] });
      expect((await publicErrorOf(previewImport(database.db, null, { text: threeCards }))).code).toBe(
        'unauthenticated',
      );
      expect((await publicErrorOf(confirmImport(database.db, null, { cards }))).code).toBe('unauthenticated');
      expect(await allRows(database)).toEqual(before);
    } finally {
      await close();
    }
  });

  it('the admin imports trzy-karty.txt: two created, the existing task updated in place, not duplicated', async () => {
    try {
      const preview = await previewImport(database.db, admin, { text: threeCards });
      const [{ value: tasksBefore } = { value: -1 }] = await database.db
        .select({ value: count() })
        .from(schema.tasks);
      const summary = await confirmImport(database.db, admin, confirmOf(preview.cards));
      expect(summary).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
      const [{ value: tasksAfter } = { value: -1 }] = await database.db
        .select({ value: count() })
        .from(schema.tasks);
      expect(tasksAfter).toBe(tasksBefore + 2);
      expect(summary.tasks.find((task) => task.status === 'updated')?.taskId).toBe(fixture.taskId);
      const [updated] = await database.db
        .select()
        .from(schema.tasks)
        .where(eq(schema.tasks.id, fixture.taskId));
      expect(updated?.title).toBe('Inkubator przedsiębiorczości');

      // The same text again: the preview shows no changes and saving changes nothing.
      const again = await previewImport(database.db, admin, { text: threeCards });
      expect(again.cards.map((card) => card.existingTaskId !== null)).toEqual([true, true, true]);
      expect(again.cards.flatMap((card) => card.changes)).toEqual([]);
      const before = await allRows(database);
      const second = await confirmImport(database.db, admin, confirmOf(again.cards));
      expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
      expect(await allRows(database)).toEqual(before);
    } finally {
      await close();
    }
  });

  it('a coordinator imports a card of their own program but not one of a program they do not coordinate', async () => {
    try {
      const preview = await previewImport(database.db, coordinator, { text: threeCards });
      expect(preview.cards.map((card) => card.refusal)).toEqual(['newProgram', 'newProgram', null]);
      const before = await allRows(database);
      const refused = await publicErrorOf(confirmImport(database.db, coordinator, confirmOf(preview.cards)));
      expect(refused.fieldErrors).toEqual({ 'cards.0': ['newProgram'], 'cards.1': ['newProgram'] });
      expect(await allRows(database)).toEqual(before);

      // A card of the fixture's other program (II.1), forged to pass as theirs, is refused too.
      const own = preview.cards.find((card) => isProgramThreeCard(card.card))!;
      const foreign = {
        ...own.card,
        goal: { ...own.card.goal, number: 2 },
        program: { ...own.card.program, number: 1 },
      };
      const error = await publicErrorOf(
        confirmImport(database.db, coordinator, { cards: [foreign], bases: [own.base] }),
      );
      expect(error.fieldErrors).toEqual({ 'cards.0': ['notYourProgram'] });
      expect(await allRows(database)).toEqual(before);

      const summary = await confirmImport(database.db, coordinator, confirmOf([own]));
      expect(summary).toMatchObject({ created: 0, updated: 1 });
    } finally {
      await close();
    }
  });

  /**
   * The coordinator previews their own card (allowed); `meanwhile` changes the database behind the
   * request, whose `coordinator` object was read before; saving is then refused and writes nothing.
   */
  async function refusedAfter(meanwhile: () => Promise<void>) {
    try {
      const preview = await previewImport(database.db, coordinator, { text: threeCards });
      const own = preview.cards.find((card) => isProgramThreeCard(card.card))!;
      expect(own.refusal).toBeNull();
      await meanwhile();
      const before = await allRows(database);

      const error = await publicErrorOf(confirmImport(database.db, coordinator, confirmOf([own])));
      expect(error.code).toBe('forbidden');
      expect(await allRows(database)).toEqual(before);
    } finally {
      await close();
    }
  }

  it('reads the roles again when saving: a coordinator whose program changed hands since the request began imports nothing', async () => {
    await refusedAfter(async () => {
      // The admin ends the post's coordination of program I.3; `coordinator` still lists it.
      const [role] = await database.db
        .select({ id: schema.postRoles.id })
        .from(schema.postRoles)
        .where(eq(schema.postRoles.programId, fixture.programId));
      await database.db
        .update(schema.postRoles)
        .set({ validTo: new Date(Date.now() - 1_000) })
        .where(eq(schema.postRoles.id, role!.id));
      expect(coordinator.roles.some((grant) => grant.programId === fixture.programId)).toBe(true);
    });
  });

  it('reads the account again when saving: a coordinator deactivated since the request began imports nothing', async () => {
    await refusedAfter(async () => {
      // The admin deactivates the account; `coordinator` still holds the post.
      await database.db
        .update(schema.users)
        .set({ isActive: false })
        .where(eq(schema.users.id, coordinator.id));
    });
  });

  it('saves what was edited in the preview, not what the text said', async () => {
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
      await close();
    }
  });

  it('refuses bad text: empty, binary, 5 MB, and reports a card cut off in the middle', async () => {
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
      await close();
    }
  });

  it('shows a card with several sections missing, with what is missing, and saves it only once filled in', async () => {
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
      await close();
    }
  });

  it('gives a card cut short before its stages the years of its strategy, and asks for the stages', async () => {
    try {
      const seed = fs.readFileSync(
        path.join(root, 'db/seed/karta-zadania-cel-I-program-3-zadanie-1.txt'),
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
      await close();
    }
  });

  it('recomputes the warnings of editable fields from the edited card: a plan fixed to 100 is no longer warned about', async () => {
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
      await close();
    }
  });

  it('says in the preview that the executor’s post was not found, offers the posts, and saves the one chosen', async () => {
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
      await close();
    }
  });

  it('refuses a forged payload with field errors and writes nothing', async () => {
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
      await close();
    }
  });

  it('a card whose task changed since the preview is a conflict: nothing is written; a new preview saves', async () => {
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
      await close();
    }
  });

  it('a year with a report: the preview shows the card as saving will keep it, with a note; saving keeps the year', async () => {
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
      await close();
    }
  });
});

describe('reading an uploaded file', () => {
  const file = (name: string, bytes: number[] | string) =>
    new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name);
  const errorOf = async (upload: Parameters<typeof extractUploadText>[0]) =>
    (await publicErrorOf(extractUploadText(upload))).fieldErrors?.file;

  it('reads UTF-8 text and refuses binary, other types and too large files', async () => {
    expect(await extractUploadText(file('karty.txt', threeCards))).toBe(threeCards);
    expect(await errorOf(file('obraz.txt', [0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]))).toEqual(['notUtf8']);
    expect(await errorOf(file('dane.txt', [0x41, 0x00, 0x42]))).toEqual(['binary']);
    expect(await errorOf(file('karty.pdf', 'Cel I'))).toEqual(['badType']);
    expect(await errorOf(file('karty.docx', 'not a zip'))).toEqual(['badDocx']);
    expect(await errorOf(file('pusty.txt', ''))).toEqual(['emptyFile']);
    // Refused by its size before a byte is read.
    const huge = {
      name: 'duzy.txt',
      size: 5 * 1024 * 1024 + 1,
      arrayBuffer: () => Promise.reject(new Error('must not be read')),
    };
    expect(await errorOf(huge)).toEqual(['tooLarge']);
  });
});
