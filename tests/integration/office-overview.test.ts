import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { demoUsers } from '@/scripts/seed/demo';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { listReportingYears, openReportingYear } from '@/lib/reports/years';
import { getOfficeOverview, listYearReports } from '@/lib/reports/status-list';
import { type WorkflowFixture, fixtureLogins, userByLogin } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

/**
 * Issue 19, item 11: the office's home page gives an overview of the open year (reports by state,
 * late ones), and every count of the status table leads to the list of those reports.
 */
describe.each(testBackends())('the office overview and the report lists on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let admin: CurrentUser;

  beforeAll(async () => {
    const opened = await openWorkflowDatabase(backend);
    ({ database, fixture } = opened);
    admin = opened.people.admin!;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('says when no year is open', async () => {
    expect(await getOfficeOverview(database.db, admin)).toEqual([]);
  });

  it('shows the open year by state with its late reports, and each count matches its list', async () => {
    await openReportingYear(database.db, admin, {
      strategyId: fixture.strategyId,
      year: 2012,
      deadline: '2013-01-31',
      coordinatorReview: true,
      // A deadline already past (so the drafts are late): the office confirms it.
      confirmPastDeadline: true,
    });
    const [year, ...others] = await getOfficeOverview(database.db, admin);
    expect(others).toEqual([]);
    expect(year).toMatchObject({ strategyId: fixture.strategyId, year: 2012, deadline: '2013-01-31' });
    // Every task of the strategy has its 2012 draft, all of them past the deadline.
    expect(year!.counts).toEqual({ draft: year!.total });
    expect(year!.total).toBeGreaterThanOrEqual(3);
    expect(year!.lateCount).toBe(year!.total);
    expect(year!.late.map((row) => row.taskId)).toContain(fixture.seedTaskId);

    const table = (await listReportingYears(database.db, admin))
      .find((strategy) => strategy.id === fixture.strategyId)!
      .years.find((row) => row.year === 2012)!;
    for (const status of ['draft', 'submitted', 'approved'] as const) {
      const list = await listYearReports(database.db, admin, fixture.strategyId, 2012, { status });
      expect(list.filter).toEqual({ status, late: false });
      expect(list.rows.length, status).toBe(table.counts[status] ?? 0);
      expect(list.rows.every((row) => row.status === status)).toBe(true);
    }
    const late = await listYearReports(database.db, admin, fixture.strategyId, 2012, { late: '1' });
    expect(late.rows.length).toBe(year!.lateCount);
    expect(late.rows.every((row) => row.late)).toBe(true);
    const seed = late.rows.find((row) => row.taskId === fixture.seedTaskId)!;
    expect(seed).toMatchObject({ goalNumber: 1, programNumber: 3, taskNumber: 1, status: 'draft' });
    expect(seed.executor).toBe('Wydział Promocji i Rozwoju – Naczelnik');
    // An unknown state in the address lists every report, not none.
    const all = await listYearReports(database.db, admin, fixture.strategyId, 2012, { status: 'bogus' });
    expect(all.filter.status).toBeNull();
    expect(all.rows.length).toBe(year!.total);
  });

  it('is the office’s only: everyone else is refused', async () => {
    for (const login of [demoUsers.goalOwner.login, demoUsers.coordinator.login, fixtureLogins.executor]) {
      const user = await userByLogin(database.db, login);
      for (const load of [
        () => getOfficeOverview(database.db, user),
        () => listYearReports(database.db, user, fixture.strategyId, 2012, {}),
      ]) {
        const outcome = await load().then(
          () => 'ok',
          (error: unknown) => (isPublicError(error) ? error.code : String(error)),
        );
        expect(outcome, login).toBe('forbidden');
      }
    }
    const outcome = await getOfficeOverview(database.db, null).catch((error: unknown) =>
      isPublicError(error) ? error.code : String(error),
    );
    expect(outcome).toBe('unauthenticated');
  });
});
