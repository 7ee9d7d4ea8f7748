import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { getStructure, saveGoal, saveProgram, saveStrategy } from '@/lib/admin/structure';
import { type CurrentUser, loadUserRoles } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { assignExecutor, createTask, getTaskEditor, saveTaskCard, saveWeights } from '@/lib/strategy/manage';
import { getTaskCard } from '@/lib/strategy/task-card';
import { type WorkflowFixture, fixtureLogins, snapshot, userByLogin } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isPublicError(error), `expected a refusal, got ${String(error)}`).toBe(true);
  return (error as { code: string }).code;
}

/** Every table a management action could write, for "changes nothing". */
async function fullSnapshot(database: Database) {
  const rows: Record<string, string[]> = await snapshot(database.db);
  for (const [name, table] of Object.entries({
    stages: schema.stages,
    indicators: schema.indicators,
    partners: schema.partners,
    funding: schema.fundingSources,
    postRoles: schema.postRoles,
    strategies: schema.strategies,
    goals: schema.goals,
    programs: schema.programs,
  })) {
    rows[name] = (await database.db.select().from(table)).map((row) => JSON.stringify(row)).sort();
  }
  return rows;
}

describe.each(testBackends())('running the strategy on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let sameGoalProgramId: number;
  let people: Record<string, CurrentUser | null> = {};
  const db = () => database.db;
  const user = (name: string) => people[name] ?? null;

  beforeAll(async () => {
    ({ database, fixture, people } = await openWorkflowDatabase(backend));
    // A second program of goal I, coordinated by the other coordinator's post: "another program of the same goal".
    const [otherCoordinatorPost] = await database.db
      .select({ postId: schema.postHolders.postId })
      .from(schema.postHolders)
      .where(eq(schema.postHolders.userId, people.otherCoordinator!.id));
    const created = await saveProgram(database.db, user('admin'), {
      id: null,
      goalId: fixture.goalId,
      version: 1,
      number: '4',
      title: 'Przedsiębiorczy mieszkańcy',
      coordinatorPostId: otherCoordinatorPost!.postId,
      archived: false,
    });
    sameGoalProgramId = created.id;
    people.otherCoordinator = await userByLogin(database.db, fixtureLogins.otherCoordinator);
    // A deactivated user has no session: the data layer sees nobody.
    people.deactivated = null;
  });
  afterAll(async () => {
    await database?.close();
  });

  const cardInput = async (
    taskId: number,
    change: (form: Awaited<ReturnType<typeof getTaskEditor>>['form']) => void = () => {},
  ) => {
    const editor = await getTaskEditor(db(), user('admin'), taskId);
    const form = structuredClone(editor.form);
    change(form);
    return form;
  };

  it('refuses every management action to every wrong role and scope, changing nothing', async () => {
    const card = await cardInput(fixture.taskId, (form) => {
      form.title = 'Zmieniony tytuł';
    });
    const weights = { version: 1, weights: [{ taskId: fixture.taskId, weight: '10' }] };
    const before = await fullSnapshot(database);
    const programActions: [string, (actor: CurrentUser | null) => Promise<unknown>][] = [
      ['saveTaskCard', (actor) => saveTaskCard(db(), actor, fixture.taskId, card)],
      [
        'createTask',
        (actor) => createTask(db(), actor, fixture.programId, { number: '9', title: 'Nowe', weight: '10' }),
      ],
      [
        'assignExecutor',
        (actor) => assignExecutor(db(), actor, fixture.taskId, { postId: null, currentPostId: null }),
      ],
      ['saveWeights', (actor) => saveWeights(db(), actor, fixture.programId, weights)],
      ['getTaskEditor', (actor) => getTaskEditor(db(), actor, fixture.taskId)],
    ];
    // Program 3 of goal I: its coordinator, goal I's owner and the office may; these may not.
    const refusedForProgram: [string, string][] = [
      ['anonymous', 'unauthenticated'],
      ['deactivated', 'unauthenticated'],
      ['executor', 'forbidden'],
      ['otherExecutor', 'forbidden'],
      ['otherCoordinator', 'forbidden'], // coordinates another program of the same goal
      ['otherGoalOwner', 'forbidden'],
    ];
    for (const [action, run] of programActions) {
      for (const [who, code] of refusedForProgram) {
        expect(await refusal(run(user(who))), `${action} by ${who}`).toBe(code);
      }
    }
    const structureActions: [string, (actor: CurrentUser | null) => Promise<unknown>][] = [
      [
        'saveStrategy',
        (actor) =>
          saveStrategy(db(), actor, {
            id: fixture.strategyId,
            version: 1,
            name: 'X',
            cityName: 'Y',
            startYear: '2009',
            endYear: '2013',
          }),
      ],
      [
        'saveGoal',
        (actor) =>
          saveGoal(db(), actor, {
            id: null,
            strategyId: fixture.strategyId,
            version: 1,
            number: '9',
            title: 'X',
            ownerPostId: null,
            archived: false,
          }),
      ],
      [
        'saveProgram',
        (actor) =>
          saveProgram(db(), actor, {
            id: null,
            goalId: fixture.goalId,
            version: 1,
            number: '9',
            title: 'X',
            coordinatorPostId: null,
            archived: false,
          }),
      ],
      ['getStructure', (actor) => getStructure(db(), actor)],
    ];
    for (const [action, run] of structureActions) {
      for (const who of [
        'anonymous',
        'deactivated',
        'executor',
        'coordinator',
        'goalOwner',
        'otherGoalOwner',
      ]) {
        expect(await refusal(run(user(who))), `${action} by ${who}`).toBe(
          who === 'anonymous' || who === 'deactivated' ? 'unauthenticated' : 'forbidden',
        );
      }
    }
    // The other coordinator's own program is theirs, but the task of program 3 is not.
    expect(
      await refusal(
        createTask(db(), user('coordinator'), sameGoalProgramId, {
          number: '1',
          title: 'Obce',
          weight: '10',
        }),
      ),
    ).toBe('forbidden');
    expect(await fullSnapshot(database)).toEqual(before);
  });

  it('lets the coordinator, the goal owner and the office manage program 3', async () => {
    for (const who of ['coordinator', 'goalOwner', 'admin']) {
      const editor = await getTaskEditor(db(), user(who), fixture.taskId);
      expect(editor.form.title).toContain('Inkubator');
    }
    const created = await createTask(db(), user('goalOwner'), fixture.programId, {
      number: '3',
      title: 'Zadanie szefa celu',
      weight: '12,5',
    });
    expect(created.taskId).toBeGreaterThan(0);
    // Its weight is the one given: no default of 100 that would tip the program's sum (issue 19).
    const [row] = await db()
      .select({ weight: schema.tasks.weight })
      .from(schema.tasks)
      .where(eq(schema.tasks.id, created.taskId));
    expect(row!.weight).toBe(12.5);
    const unweighted = await createTask(db(), user('coordinator'), fixture.programId, {
      number: '4',
      title: 'Bez wagi',
      weight: '',
    }).catch((caught: unknown) => caught);
    expect((unweighted as { fieldErrors?: Record<string, string[]> }).fieldErrors).toEqual({
      weight: ['required'],
    });
    expect(
      await refusal(
        createTask(db(), user('coordinator'), fixture.programId, {
          number: '3',
          title: 'Drugie',
          weight: '10',
        }),
      ),
    ).toBe('invalid');
  });

  it('saves a whole card: text kept as typed, stages and plan, indicators, partners, funding', async () => {
    const { taskId } = await createTask(db(), user('coordinator'), fixture.programId, {
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
    const [audit] = await db()
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.entity, 'task'),
          eq(schema.auditLog.entityId, String(taskId)),
          eq(schema.auditLog.action, 'edit_card'),
        ),
      );
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
    const before = await fullSnapshot(database);
    expect(
      await refusal(saveTaskCard(db(), user('coordinator'), taskId, { ...input, title: 'Stara wersja' })),
    ).toBe('conflict');
    expect(await fullSnapshot(database)).toEqual(before);
  });

  it('refuses a plan that does not sum to 100 and shares that do not sum to 100%', async () => {
    const before = await fullSnapshot(database);
    const badPlan = await cardInput(fixture.taskId, (form) => {
      form.stages[0]!.planned[3] = '35';
    });
    expect(await refusal(saveTaskCard(db(), user('coordinator'), fixture.taskId, badPlan))).toBe('invalid');
    const badFunding = await cardInput(fixture.taskId, (form) => {
      form.funding = [
        { source: 'A', value: '60%' },
        { source: 'B', value: '30%' },
      ];
    });
    expect(await refusal(saveTaskCard(db(), user('coordinator'), fixture.taskId, badFunding))).toBe(
      'invalid',
    );
    const thirds = await cardInput(fixture.taskId, (form) => {
      form.funding = ['33,333%', '33,333%', '33,334%'].map((value, index) => ({
        source: `Źródło ${index}`,
        value,
      }));
    });
    const error = await saveTaskCard(db(), user('coordinator'), fixture.taskId, thirds).catch(
      (caught: unknown) => caught,
    );
    expect((error as { fieldErrors?: Record<string, string[]> }).fieldErrors).toEqual({
      'funding.0.value': ['tooManyDecimals'],
    });
    expect(await fullSnapshot(database)).toEqual(before);
  });

  it('re-planning a year with an approved report needs a reason and is recorded as a revision', async () => {
    const seed = fixture.seedTaskId;
    const move = (form: Awaited<ReturnType<typeof getTaskEditor>>['form']) => {
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
    const revisions = await db()
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.entity, 'task'),
          eq(schema.auditLog.entityId, String(seed)),
          eq(schema.auditLog.action, 'plan_revision'),
        ),
      );
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.after).toEqual({ reason: 'Aktualizacja harmonogramu po zmianie projektu RUnUP.' });
    expect(revisions[0]!.before).toEqual({ years: [2009] });
  });

  it('refuses to remove a stage with reported values; archiving keeps it', async () => {
    const seed = fixture.seedTaskId;
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
    const seed = fixture.seedTaskId;
    // Seed stage 3 did 15 + 15 + 10 of its 40 points; 5 of its 2011 plan move to stage 4.
    const cut = await cardInput(seed, (form) => {
      expect([form.stages[2]!.planned[2], form.stages[3]!.planned[2]]).toEqual(['10', '10']);
      form.stages[2]!.planned[2] = '5';
      form.stages[3]!.planned[2] = '15';
      form.revisionReason = 'Przesunięcie punktów między etapami.';
    });
    const before = await fullSnapshot(database);
    const error = await saveTaskCard(db(), user('coordinator'), seed, cut).catch((caught: unknown) => caught);
    expect((error as { fieldErrors?: Record<string, string[]> }).fieldErrors).toEqual({
      'stages.2.name': ['doneOverPlan'],
    });
    expect(await fullSnapshot(database)).toEqual(before);
  });

  it('refuses to remove a stage with points done on the card but no report (history from the old cards)', async () => {
    const task = fixture.otherTaskId;
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
    const before = await fullSnapshot(database);
    const error = await saveTaskCard(db(), user('admin'), task, removed).catch((caught: unknown) => caught);
    expect((error as { fieldErrors?: Record<string, string[]> }).fieldErrors?.stages).toEqual([
      'stageHasReports',
    ]);
    expect(await fullSnapshot(database)).toEqual(before);
  });

  it('assigns and reassigns the executor: the new post gets the task, the old one loses it, history kept', async () => {
    const [executorPost] = await db()
      .select({ postId: schema.postHolders.postId })
      .from(schema.postHolders)
      .where(eq(schema.postHolders.userId, people.otherExecutor!.id));
    const currentExecutor = async () =>
      (
        await db()
          .select({ postId: schema.postRoles.postId })
          .from(schema.postRoles)
          .where(
            and(
              eq(schema.postRoles.role, 'executor'),
              eq(schema.postRoles.taskId, fixture.taskId),
              isNull(schema.postRoles.validTo),
            ),
          )
      )[0]!.postId;
    const shown = await currentExecutor();
    // A form that showed someone else (another coordinator changed it meanwhile): a conflict, nothing written.
    const before = await fullSnapshot(database);
    expect(
      await refusal(
        assignExecutor(db(), user('coordinator'), fixture.taskId, {
          postId: executorPost!.postId,
          currentPostId: null,
        }),
      ),
    ).toBe('conflict');
    expect(await fullSnapshot(database)).toEqual(before);
    await assignExecutor(db(), user('coordinator'), fixture.taskId, {
      postId: executorPost!.postId,
      currentPostId: shown,
    });
    expect(await currentExecutor()).toBe(executorPost!.postId);
    expect(
      (await loadUserRoles(db(), people.otherExecutor!.id)).some((role) => role.taskId === fixture.taskId),
    ).toBe(true);
    expect(
      (await loadUserRoles(db(), people.executor!.id)).some((role) => role.taskId === fixture.taskId),
    ).toBe(false);
    const rows = await db()
      .select()
      .from(schema.postRoles)
      .where(and(eq(schema.postRoles.role, 'executor'), eq(schema.postRoles.taskId, fixture.taskId)));
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.validTo === null)).toHaveLength(1);
    expect(
      await refusal(
        assignExecutor(db(), user('coordinator'), fixture.taskId, {
          postId: 999_999,
          currentPostId: executorPost!.postId,
        }),
      ),
    ).toBe('invalid');
  });

  it('sets weights that need not sum to 100, refusing a stale version', async () => {
    const tasks = await db()
      .select({ id: schema.tasks.id })
      .from(schema.tasks)
      .where(and(eq(schema.tasks.programId, fixture.programId), isNull(schema.tasks.archivedAt)));
    const [program] = await db()
      .select()
      .from(schema.programs)
      .where(eq(schema.programs.id, fixture.programId));
    const input = {
      version: program!.version,
      weights: tasks.map((task, index) => ({ taskId: task.id, weight: index === 0 ? '52,5' : '20' })),
    };
    await saveWeights(db(), user('coordinator'), fixture.programId, input);
    const [first] = await db()
      .select({ weight: schema.tasks.weight })
      .from(schema.tasks)
      .where(eq(schema.tasks.id, tasks[0]!.id));
    expect(first?.weight).toBe(52.5);
    expect(await refusal(saveWeights(db(), user('coordinator'), fixture.programId, input))).toBe('conflict');
    expect(
      await refusal(
        saveWeights(db(), user('coordinator'), fixture.programId, {
          version: program!.version + 1,
          weights: [{ taskId: fixture.otherTaskId, weight: '5' }],
        }),
      ),
    ).toBe('invalid');
  });

  it('the office keeps the structure: a goal archived stays readable, a span that would cut off data is refused', async () => {
    const structure = await getStructure(db(), user('admin'));
    const goal = structure.strategies[0]!.goals.find((candidate) => candidate.id === fixture.otherGoalId)!;
    await saveGoal(db(), user('admin'), {
      id: goal.id,
      strategyId: goal.strategyId,
      version: goal.version,
      number: String(goal.number),
      title: goal.title,
      ownerPostId: goal.ownerPostId,
      archived: true,
    });
    const [archived] = await db().select().from(schema.goals).where(eq(schema.goals.id, goal.id));
    expect(archived?.archivedAt).not.toBeNull();
    const strategy = structure.strategies[0]!;
    expect(
      await refusal(
        saveStrategy(db(), user('admin'), {
          id: strategy.id,
          version: strategy.version,
          name: strategy.name,
          cityName: strategy.cityName,
          startYear: '2011',
          endYear: '2013',
        }),
      ),
    ).toBe('invalid');
    expect(
      await refusal(
        saveGoal(db(), user('admin'), {
          id: null,
          strategyId: strategy.id,
          version: 1,
          number: '1',
          title: 'Duplikat',
          ownerPostId: null,
          archived: false,
        }),
      ),
    ).toBe('invalid');
  });
});
