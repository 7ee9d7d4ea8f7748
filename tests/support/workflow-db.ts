import { afterAll, beforeAll } from 'vitest';
import type { Database, Db } from '@/db/client';
import { demoUsers, seedDemoData } from '@/scripts/seed/demo';
import type { CurrentUser } from '@/lib/auth/sessions';
import { openReportingYear } from '@/lib/reports/years';
import { type WorkflowFixture, addWorkflowFixture, fixtureLogins, userByLogin } from './fixtures';
import { type Backend, createMigrated } from './test-db';

/**
 * The people who act on the workflow fixture, by name: the fixture's (executor, otherExecutor,
 * otherCoordinator, otherGoalOwner) and the demo's goal owner, coordinator and admin, each with
 * their roles read from the database.
 */
export async function loadPeople(db: Db): Promise<Record<string, CurrentUser>> {
  const people: Record<string, CurrentUser> = {};
  for (const [name, login] of Object.entries({
    ...fixtureLogins,
    goalOwner: demoUsers.goalOwner.login,
    coordinator: demoUsers.coordinator.login,
    admin: demoUsers.admin.login,
  })) {
    people[name] = await userByLogin(db, login);
  }
  return people;
}

export interface WorkflowDatabase {
  database: Database;
  fixture: WorkflowFixture;
  people: Record<string, CurrentUser>;
}

/**
 * A new migrated database of the backend with the demo data, the workflow fixture and its people
 * (close it with database.close()); with openYear, that year of the fixture's strategy is opened
 * for reporting by the admin (deadline 2099-01-31, with the coordinator's review).
 */
export async function openWorkflowDatabase(
  backend: Backend,
  options: { openYear?: number } = {},
): Promise<WorkflowDatabase> {
  const database = await createMigrated(backend);
  await seedDemoData(database.db);
  const fixture = await addWorkflowFixture(database.db);
  const people = await loadPeople(database.db);
  if (options.openYear !== undefined) {
    await openReportingYear(database.db, people.admin!, {
      strategyId: fixture.strategyId,
      year: options.openYear,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
  }
  return { database, fixture, people };
}

export interface WorkflowWorld extends WorkflowDatabase {
  db(): Db;
  /** The demo's administrator (the strategy office). */
  admin: CurrentUser;
}

/**
 * For the tests of the enclosing describe: openWorkflowDatabase's database (see there), opened before
 * them and closed after them. Its fields are there from the first test or later beforeAll on.
 */
export function workflowDatabaseForTests(
  backend: Backend,
  options: { openYear?: number } = {},
): WorkflowWorld {
  const world = { db: () => world.database.db } as WorkflowWorld;
  beforeAll(async () => {
    Object.assign(world, await openWorkflowDatabase(backend, options));
    world.admin = world.people.admin!;
  });
  afterAll(async () => {
    await world.database?.close();
  });
  return world;
}
