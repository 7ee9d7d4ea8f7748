import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { createTask } from '@/lib/strategy/new-task';
import { saveTaskCard } from '@/lib/strategy/task-card-save';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { getTaskCard } from '@/lib/strategy/task-card';
import { auditRows } from '../support/fixtures';
import { type TaskForm, fullSnapshot, manageWorld, refusal } from '../support/manage';
import { testBackends } from '../support/test-db';

/* Running the strategy: saving a task card, with the rules of its plan, stages and funding. */

describe.each(testBackends())('running the strategy on $name', (backend) => {
  const world = manageWorld(backend);
  const { db, user, cardInput } = world;

  it('saves a whole card: text kept as typed, stages and plan, indicators, partners, funding', async () => {
    const { taskId } = await createTask(db(), user('coordinator'), world.fixture.programId, {
      number: '5',
      title: 'Centrum innowacji',
      weight: '10',
    });
    const editor = await getTaskEditor(db(), user('coordinator'), taskId);
    const years = editor.years;
    const plan = (values: Record<number, string>) => years.map((year) => values[year] ?? '');
    const input = {
      ...editor.form,
      addressees: '  Przedsiębiorcy 🚀, studenci\nעברית  ',
      stages: [
        {
          id: null,
          number: '1',
          name: 'Koncepcja',
          archived: false,
          planned: plan({ 2012: '12,5', 2013: '37,5' }),
        },
        {
          id: null,
          number: '',
          name: 'Ocena zrealizowanego zadania',
          archived: false,
          planned: plan({ 2013: '50' }),
        },
      ],
      indicators: [
        {
          id: null,
          type: 'result' as const,
          name: 'Nowe firmy',
          source: 'WPiR / LCB',
          unit: 'szt.',
          archived: false,
          targets: plan({ 2013: 'ok. 40' }),
        },
      ],
      partners: [{ name: 'Państwowa Wyższa Szkoła Zawodowa', scope: '' }],
      funding: [
        { source: 'Program Urbact', value: '80%' },
        { source: 'Miasto Leszno', value: '20%' },
      ],
    };
    const saved = await saveTaskCard(db(), user('coordinator'), taskId, input);
    expect(saved.version).toBe(2);
    // The audit row holds the whole card before and after: what the editor showed, what was saved.
    const [audit] = await auditRows(db(), { entity: 'task', entityId: taskId, action: 'edit_card' });
    expect(audit!.before).toEqual({ ...editor.form, revisionReason: undefined });
    expect(audit!.after).toEqual({ ...input, revisionReason: undefined });
    const card = await getTaskCard(db(), user('coordinator')!, taskId);
    expect(card.task.addressees).toBe('  Przedsiębiorcy 🚀, studenci\nעברית  ');
    expect(card.plannedTotal).toBe(100);
    expect(card.stages.map((stage) => [stage.number, stage.name])).toEqual([
      [1, 'Koncepcja'],
      [null, 'Ocena zrealizowanego zadania'],
    ]);
    expect(card.stages[0]!.cells[2012]).toMatchObject({ planned: 12.5, actual: null });
    expect(card.indicators[0]!.years[2013]).toMatchObject({ targetText: 'ok. 40', targetNumber: 40 });
    expect(card.funding.map((row) => row.sharePercent)).toEqual([80, 20]);

    // A stale save: conflict, nothing written.
    const before = await fullSnapshot(world.database);
    expect(
      await refusal(saveTaskCard(db(), user('coordinator'), taskId, { ...input, title: 'Stara wersja' })),
    ).toBe('conflict');
    expect(await fullSnapshot(world.database)).toEqual(before);
  });

  it('refuses a plan that does not sum to 100 and shares that do not sum to 100%', async () => {
    const before = await fullSnapshot(world.database);
    const badPlan = await cardInput(world.fixture.taskId, (form) => {
      form.stages[0]!.planned[3] = '35';
    });
    expect(await refusal(saveTaskCard(db(), user('coordinator'), world.fixture.taskId, badPlan))).toBe(
      'invalid',
    );
    const badFunding = await cardInput(world.fixture.taskId, (form) => {
      form.funding = [
        { source: 'A', value: '60%' },
        { source: 'B', value: '30%' },
      ];
    });
    expect(await refusal(saveTaskCard(db(), user('coordinator'), world.fixture.taskId, badFunding))).toBe(
      'invalid',
    );
    const thirds = await cardInput(world.fixture.taskId, (form) => {
      form.funding = ['33,333%', '33,333%', '33,334%'].map((value, index) => ({
        source: `Źródło ${index}`,
        value,
      }));
    });
    const error = await saveTaskCard(db(), user('coordinator'), world.fixture.taskId, thirds).catch(
      (caught: unknown) => caught,
    );
    expect((error as { fieldErrors?: Record<string, string[]> }).fieldErrors).toEqual({
      'funding.0.value': ['tooManyDecimals'],
    });
    expect(await fullSnapshot(world.database)).toEqual(before);
  });

  it('re-planning a year with an approved report needs a reason and is recorded as a revision', async () => {
    const seed = world.fixture.seedTaskId;
    const move = (form: TaskForm) => {
      // 2009 of stage 4: 10 → 5, and 5 more in 2013: the total stays 100.
      form.stages[3]!.planned[0] = '5';
      form.stages[3]!.planned[4] = '5';
    };
    const without = await cardInput(seed, move);
    const error = await saveTaskCard(db(), user('coordinator'), seed, without).catch(
      (caught: unknown) => caught,
    );
    expect((error as { fieldErrors?: Record<string, string[]> }).fieldErrors?.revisionReason).toEqual([
      'revisionReasonRequired',
    ]);
    const withReason = await cardInput(seed, (form) => {
      move(form);
      form.revisionReason = 'Aktualizacja harmonogramu po zmianie projektu RUnUP.';
    });
    await saveTaskCard(db(), user('coordinator'), seed, withReason);
    const revisions = await auditRows(db(), { entity: 'task', entityId: seed, action: 'plan_revision' });
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.after).toEqual({ reason: 'Aktualizacja harmonogramu po zmianie projektu RUnUP.' });
    expect(revisions[0]!.before).toEqual({ years: [2009] });
  });

  it('refuses to remove a stage with reported values; archiving keeps it', async () => {
    const seed = world.fixture.seedTaskId;
    const removed = await cardInput(seed, (form) => {
      form.stages.splice(0, 1);
      form.stages[0]!.planned[0] = '30';
    });
    const error = await saveTaskCard(db(), user('coordinator'), seed, removed).catch(
      (caught: unknown) => caught,
    );
    expect((error as { fieldErrors?: Record<string, string[]> }).fieldErrors?.stages).toEqual([
      'stageHasReports',
    ]);
    const forged = await cardInput(seed, (form) => {
      form.stages[0]!.id = 999_999;
    });
    expect(await refusal(saveTaskCard(db(), user('coordinator'), seed, forged))).toBe('invalid');
  });

  it('refuses to cut a stage’s plan below the points it has done over all years (issue 19)', async () => {
    const seed = world.fixture.seedTaskId;
    // Seed stage 3 did 15 + 15 + 10 of its 40 points; 5 of its 2011 plan move to stage 4.
    const cut = await cardInput(seed, (form) => {
      expect([form.stages[2]!.planned[2], form.stages[3]!.planned[2]]).toEqual(['10', '10']);
      form.stages[2]!.planned[2] = '5';
      form.stages[3]!.planned[2] = '15';
      form.revisionReason = 'Przesunięcie punktów między etapami.';
    });
    const before = await fullSnapshot(world.database);
    const error = await saveTaskCard(db(), user('coordinator'), seed, cut).catch((caught: unknown) => caught);
    expect((error as { fieldErrors?: Record<string, string[]> }).fieldErrors).toEqual({
      'stages.2.name': ['doneOverPlan'],
    });
    expect(await fullSnapshot(world.database)).toEqual(before);
  });

  it('refuses to remove a stage with points done on the card but no report (history from the old cards)', async () => {
    const task = world.fixture.otherTaskId;
    const [first] = await db()
      .select({ id: schema.stages.id })
      .from(schema.stages)
      .where(and(eq(schema.stages.taskId, task), eq(schema.stages.position, 1)));
    await db()
      .update(schema.stageYears)
      .set({ actualPoints: 12 })
      .where(and(eq(schema.stageYears.stageId, first!.id), eq(schema.stageYears.year, 2012)));
    const removed = await cardInput(task, (form) => {
      // Stage 1 goes; stage 2 takes its planned points, so the plan still sums to 100.
      const [gone, next] = form.stages.splice(0, 2);
      const sum = (a: string, b: string) => (a || b ? String(Number(a || 0) + Number(b || 0)) : '');
      form.stages.unshift({
        ...next!,
        planned: next!.planned.map((cell, i) => sum(cell, gone!.planned[i]!)),
      });
    });
    const before = await fullSnapshot(world.database);
    const error = await saveTaskCard(db(), user('admin'), task, removed).catch((caught: unknown) => caught);
    expect((error as { fieldErrors?: Record<string, string[]> }).fieldErrors?.stages).toEqual([
      'stageHasReports',
    ]);
    expect(await fullSnapshot(world.database)).toEqual(before);
  });
});
