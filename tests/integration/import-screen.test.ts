import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { confirmImport } from '@/lib/cards/preview/confirm-import';
import { previewImport } from '@/lib/cards/preview/preview-import';
import { readUploadedCards } from '@/lib/cards/upload';
import { fixtureLogins, userByLogin } from '../support/fixtures';
import {
  allRows,
  confirmOf,
  importWorld,
  isProgramThreeCard,
  publicErrorOf,
  threeCards,
} from '../support/import-screen';
import { testBackends } from '../support/test-db';

describe.each(testBackends())('the import screen on $name', (backend) => {
  const world = importWorld(backend);

  it('previews three cards, marks the existing one with its changes, and writes nothing', async () => {
    const { database, fixture, admin } = world;
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
      await database.close();
    }
  });

  it('refuses an executor, a goal owner of another goal and a coordinator of another program, writing nothing', async () => {
    const { database, admin } = world;
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
      await database.close();
    }
  });

  it('the admin imports trzy-karty.txt: two created, the existing task updated in place, not duplicated', async () => {
    const { database, fixture, admin } = world;
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
      await database.close();
    }
  });

  it('a coordinator imports a card of their own program but not one of a program they do not coordinate', async () => {
    const { database, coordinator } = world;
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
      await database.close();
    }
  });

  /**
   * The coordinator previews their own card (allowed); `meanwhile` changes the database behind the
   * request, whose `coordinator` object was read before; saving is then refused and writes nothing.
   */
  async function refusedAfter(meanwhile: () => Promise<void>) {
    const { database, coordinator } = world;
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
      await database.close();
    }
  }

  it('reads the roles again when saving: a coordinator whose program changed hands since the request began imports nothing', async () => {
    const { database, fixture, coordinator } = world;
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
    const { database, coordinator } = world;
    await refusedAfter(async () => {
      // The admin deactivates the account; `coordinator` still holds the post.
      await database.db
        .update(schema.users)
        .set({ isActive: false })
        .where(eq(schema.users.id, coordinator.id));
    });
  });
});

describe('reading an uploaded file', () => {
  const file = (name: string, bytes: number[] | string) =>
    new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name);
  const textOf = async (upload: Parameters<typeof readUploadedCards>[0]) =>
    (await readUploadedCards(upload)).text;
  const errorOf = async (upload: Parameters<typeof readUploadedCards>[0]) =>
    (await publicErrorOf(readUploadedCards(upload))).fieldErrors?.file;

  it('reads UTF-8 text and refuses binary, other types and too large files', async () => {
    expect(await textOf(file('karty.txt', threeCards))).toBe(threeCards);
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
