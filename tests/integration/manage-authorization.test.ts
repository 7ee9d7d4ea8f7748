import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { getStructure, saveGoal, saveProgram, saveStrategy } from '@/lib/admin/structure';
import type { CurrentUser } from '@/lib/auth/sessions';
import { assignExecutor } from '@/lib/strategy/executor';
import { createTask } from '@/lib/strategy/new-task';
import { saveTaskCard } from '@/lib/strategy/task-card-save';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { saveWeights } from '@/lib/strategy/weights';
import { fullSnapshot, manageWorld, refusal } from '../support/manage';
import { testBackends } from '../support/test-db';

/* Running the strategy: who may manage a program, its tasks and the structure, and who is refused. */

describe.each(testBackends())('running the strategy on $name', (backend) => {
  const world = manageWorld(backend);
  const { db, user, cardInput } = world;

  it('refuses every management action to every wrong role and scope, changing nothing', async () => {
    const card = await cardInput(world.fixture.taskId, (form) => {
      form.title = 'Zmieniony tytuł';
    });
    const weights = { version: 1, weights: [{ taskId: world.fixture.taskId, weight: '10' }] };
    const before = await fullSnapshot(world.database);
    const programActions: [string, (actor: CurrentUser | null) => Promise<unknown>][] = [
      ['saveTaskCard', (actor) => saveTaskCard(db(), actor, world.fixture.taskId, card)],
      [
        'createTask',
        (actor) =>
          createTask(db(), actor, world.fixture.programId, { number: '9', title: 'Nowe', weight: '10' }),
      ],
      [
        'assignExecutor',
        (actor) => assignExecutor(db(), actor, world.fixture.taskId, { postId: null, currentPostId: null }),
      ],
      ['saveWeights', (actor) => saveWeights(db(), actor, world.fixture.programId, weights)],
      ['getTaskEditor', (actor) => getTaskEditor(db(), actor, world.fixture.taskId)],
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
            id: world.fixture.strategyId,
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
            strategyId: world.fixture.strategyId,
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
            goalId: world.fixture.goalId,
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
        createTask(db(), user('coordinator'), world.sameGoalProgramId, {
          number: '1',
          title: 'Obce',
          weight: '10',
        }),
      ),
    ).toBe('forbidden');
    expect(await fullSnapshot(world.database)).toEqual(before);
  });

  it('lets the coordinator, the goal owner and the office manage program 3', async () => {
    for (const who of ['coordinator', 'goalOwner', 'admin']) {
      const editor = await getTaskEditor(db(), user(who), world.fixture.taskId);
      expect(editor.form.title).toContain('Inkubator');
    }
    const created = await createTask(db(), user('goalOwner'), world.fixture.programId, {
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
    const unweighted = await createTask(db(), user('coordinator'), world.fixture.programId, {
      number: '4',
      title: 'Bez wagi',
      weight: '',
    }).catch((caught: unknown) => caught);
    expect((unweighted as { fieldErrors?: Record<string, string[]> }).fieldErrors).toEqual({
      weight: ['required'],
    });
    expect(
      await refusal(
        createTask(db(), user('coordinator'), world.fixture.programId, {
          number: '3',
          title: 'Drugie',
          weight: '10',
        }),
      ),
    ).toBe('invalid');
  });
});
