import { eq } from 'drizzle-orm';
import { beforeAll, expect } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { saveProgram } from '@/lib/admin/structure';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { fixtureLogins, reportTables, snapshotOf, strategyTables, userByLogin } from './fixtures';
import type { Backend } from './test-db';
import { type WorkflowWorld, workflowDatabaseForTests } from './workflow-db';

/* What the tests of running the strategy (tests/integration/manage*.test.ts) share. */

/** The code of the public error the promise is refused with (the test fails on anything else). */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isPublicError(error), `expected a refusal, got ${String(error)}`).toBe(true);
  return (error as { code: string }).code;
}

/** Every table a management action could write, for "changes nothing". */
export function fullSnapshot(database: Database) {
  return snapshotOf(database.db, { ...reportTables, ...strategyTables });
}

export type TaskForm = Awaited<ReturnType<typeof getTaskEditor>>['form'];

export interface ManageWorld extends Omit<WorkflowWorld, 'people'> {
  /** A second program of goal I, coordinated by the other coordinator's post. */
  sameGoalProgramId: number;
  /** The fixture's people by name; `deactivated` is nobody (a deactivated user has no session). */
  people: Record<string, CurrentUser | null>;
  user(name: string): CurrentUser | null;
  /** The task's editor form as the office sees it, changed by `change`. */
  cardInput(taskId: number, change?: (form: TaskForm) => void): Promise<TaskForm>;
}

/**
 * For the tests of the enclosing describe: the workflow database on `backend` with a second program
 * of goal I ("another program of the same goal"), closed after them.
 */
export function manageWorld(backend: Backend): ManageWorld {
  const world: ManageWorld = Object.assign(workflowDatabaseForTests(backend), {
    sameGoalProgramId: 0,
    user: (name: string) => world.people[name] ?? null,
    async cardInput(taskId: number, change: (form: TaskForm) => void = () => {}) {
      const editor = await getTaskEditor(world.db(), world.user('admin'), taskId);
      const form = structuredClone(editor.form);
      change(form);
      return form;
    },
  });

  beforeAll(async () => {
    const { database, fixture, people } = world;
    // A second program of goal I, coordinated by the other coordinator's post: "another program of the same goal".
    const [otherCoordinatorPost] = await database.db
      .select({ postId: schema.postHolders.postId })
      .from(schema.postHolders)
      .where(eq(schema.postHolders.userId, people.otherCoordinator!.id));
    const created = await saveProgram(database.db, world.user('admin'), {
      id: null,
      goalId: fixture.goalId,
      version: 1,
      number: '4',
      title: 'Przedsiębiorczy mieszkańcy',
      coordinatorPostId: otherCoordinatorPost!.postId,
      archived: false,
    });
    world.sameGoalProgramId = created.id;
    people.otherCoordinator = await userByLogin(database.db, fixtureLogins.otherCoordinator);
    // A deactivated user has no session: the data layer sees nobody.
    people.deactivated = null;
  });
  return world;
}
