import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { getStructure, saveGoal, saveStrategy } from '@/lib/admin/structure';
import { loadUserRoles } from '@/lib/auth/sessions';
import { assignExecutor } from '@/lib/strategy/executor';
import { saveWeights } from '@/lib/strategy/weights';
import { goalFormOf } from '../support/fixtures';
import { fullSnapshot, manageWorld, refusal } from '../support/manage';
import { testBackends } from '../support/test-db';

/* Running the strategy: a task’s executor, a program’s weights and the office’s structure. */

describe.each(testBackends())('running the strategy on $name', (backend) => {
  const world = manageWorld(backend);
  const { db, user } = world;

  it('assigns and reassigns the executor: the new post gets the task, the old one loses it, history kept', async () => {
    const [executorPost] = await db()
      .select({ postId: schema.postHolders.postId })
      .from(schema.postHolders)
      .where(eq(schema.postHolders.userId, world.people.otherExecutor!.id));
    const currentExecutor = async () =>
      (
        await db()
          .select({ postId: schema.postRoles.postId })
          .from(schema.postRoles)
          .where(
            and(
              eq(schema.postRoles.role, 'executor'),
              eq(schema.postRoles.taskId, world.fixture.taskId),
              isNull(schema.postRoles.validTo),
            ),
          )
      )[0]!.postId;
    const shown = await currentExecutor();
    // A form that showed someone else (another coordinator changed it meanwhile): a conflict, nothing written.
    const before = await fullSnapshot(world.database);
    expect(
      await refusal(
        assignExecutor(db(), user('coordinator'), world.fixture.taskId, {
          postId: executorPost!.postId,
          currentPostId: null,
        }),
      ),
    ).toBe('conflict');
    expect(await fullSnapshot(world.database)).toEqual(before);
    await assignExecutor(db(), user('coordinator'), world.fixture.taskId, {
      postId: executorPost!.postId,
      currentPostId: shown,
    });
    expect(await currentExecutor()).toBe(executorPost!.postId);
    expect(
      (await loadUserRoles(db(), world.people.otherExecutor!.id)).some(
        (role) => role.taskId === world.fixture.taskId,
      ),
    ).toBe(true);
    expect(
      (await loadUserRoles(db(), world.people.executor!.id)).some(
        (role) => role.taskId === world.fixture.taskId,
      ),
    ).toBe(false);
    const rows = await db()
      .select()
      .from(schema.postRoles)
      .where(and(eq(schema.postRoles.role, 'executor'), eq(schema.postRoles.taskId, world.fixture.taskId)));
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.validTo === null)).toHaveLength(1);
    expect(
      await refusal(
        assignExecutor(db(), user('coordinator'), world.fixture.taskId, {
          postId: 999_999,
          currentPostId: executorPost!.postId,
        }),
      ),
    ).toBe('invalid');
  });

  it('refuses weights that name a task twice, at the repeated row, and writes nothing', async () => {
    const [program] = await db()
      .select()
      .from(schema.programs)
      .where(eq(schema.programs.id, world.fixture.programId));
    const before = await fullSnapshot(world.database);
    const error = await saveWeights(db(), user('coordinator'), world.fixture.programId, {
      version: program!.version,
      weights: [
        { taskId: world.fixture.taskId, weight: '10' },
        { taskId: world.fixture.seedTaskId, weight: '20' },
        { taskId: world.fixture.taskId, weight: '30' },
      ],
    }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'invalid', fieldErrors: { 'weights.2.weight': ['duplicateRow'] } });
    expect(Object.keys((error as { fieldErrors: object }).fieldErrors)).toEqual(['weights.2.weight']);
    expect(await fullSnapshot(world.database)).toEqual(before);
  });

  it('sets weights that need not sum to 100, refusing a stale version', async () => {
    const tasks = await db()
      .select({ id: schema.tasks.id })
      .from(schema.tasks)
      .where(and(eq(schema.tasks.programId, world.fixture.programId), isNull(schema.tasks.archivedAt)));
    const [program] = await db()
      .select()
      .from(schema.programs)
      .where(eq(schema.programs.id, world.fixture.programId));
    const input = {
      version: program!.version,
      weights: tasks.map((task, index) => ({ taskId: task.id, weight: index === 0 ? '52,5' : '20' })),
    };
    await saveWeights(db(), user('coordinator'), world.fixture.programId, input);
    const [first] = await db()
      .select({ weight: schema.tasks.weight })
      .from(schema.tasks)
      .where(eq(schema.tasks.id, tasks[0]!.id));
    expect(first?.weight).toBe(52.5);
    expect(await refusal(saveWeights(db(), user('coordinator'), world.fixture.programId, input))).toBe(
      'conflict',
    );
    expect(
      await refusal(
        saveWeights(db(), user('coordinator'), world.fixture.programId, {
          version: program!.version + 1,
          weights: [{ taskId: world.fixture.otherTaskId, weight: '5' }],
        }),
      ),
    ).toBe('invalid');
  });

  it('the office keeps the structure: a goal archived stays readable, a span that would cut off data is refused', async () => {
    const structure = await getStructure(db(), user('admin'));
    const goal = structure.strategies[0]!.goals.find(
      (candidate) => candidate.id === world.fixture.otherGoalId,
    )!;
    await saveGoal(db(), user('admin'), goalFormOf(goal, true));
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
