import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { getDashboard } from '@/lib/reports/dashboard';
import { defaultReportYear } from '@/lib/reports/default-year';
import { openReportingYear } from '@/lib/reports/years';
import { isLate } from '@/lib/reports/rules';
import { getStrategyView } from '@/lib/strategy/views';
import { type WorkflowFixture } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

/**
 * Issue 19, items 6 and 13: one default year (the open reporting year, else the latest with
 * reports) for the dashboard and the strategy page's council-report link; the dashboard of a
 * coordinator shows their programs, the scope decided in the data layer.
 */
describe.each(testBackends())('the dashboard and the default year on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let people: Record<string, CurrentUser> = {};

  beforeAll(async () => {
    ({ database, fixture, people } = await openWorkflowDatabase(backend));
  });
  afterAll(async () => {
    await database?.close();
  });

  const strategyOf = async () =>
    (await getStrategyView(database.db, people.admin!, fixture.strategyId)).strategy;

  it('defaults to the latest year with reports while no year is open', async () => {
    // The demo's history reports are 2009–2011; the span ends in 2013 (the last ended year).
    expect(await defaultReportYear(database.db, await strategyOf())).toBe(2011);
    expect((await getStrategyView(database.db, people.admin!, fixture.strategyId)).reportYear).toBe(2011);
  });

  it('defaults to the open year everywhere, so a late 2012 draft shows as late', async () => {
    await openReportingYear(database.db, people.admin!, {
      strategyId: fixture.strategyId,
      year: 2012,
      deadline: '2013-01-31',
      coordinatorReview: true,
      // A deadline already past (so the drafts are late): the office confirms it.
      confirmPastDeadline: true,
    });
    expect(await defaultReportYear(database.db, await strategyOf())).toBe(2012);
    expect((await getStrategyView(database.db, people.admin!, fixture.strategyId)).reportYear).toBe(2012);
    for (const who of ['goalOwner', 'admin', 'coordinator']) {
      const dashboard = (await getDashboard(database.db, people[who]!, {}))!;
      expect(dashboard.year, who).toBe(2012);
      const seedTask = dashboard.programs
        .flatMap(({ program }) => program.tasks)
        .find((task) => task.id === fixture.seedTaskId)!;
      expect(seedTask.reportStatus).toBe('draft');
      expect(isLate(seedTask.reportStatus!, dashboard.report.deadline!)).toBe(true);
      // The reports to follow up list it as late, the late ones before those waiting for a decision.
      expect(dashboard.reportsToFollow.find(({ task }) => task.id === fixture.seedTaskId)?.late, who).toBe(
        true,
      );
      const lateFlags = dashboard.reportsToFollow.map(({ late }) => late);
      expect(lateFlags, who).toEqual([...lateFlags].sort((a, b) => Number(b) - Number(a)));
      expect(
        dashboard.reportsToFollow.every(({ task, late }) =>
          late
            ? isLate(task.reportStatus!, dashboard.report.deadline!)
            : task.reportStatus === 'submitted' || task.reportStatus === 'accepted',
        ),
        who,
      ).toBe(true);
      expect(dashboard.behindCount).toBe(
        dashboard.programs.filter(({ program }) => program.status === 'behind').length,
      );
    }
    // A year asked for in the address is kept; one outside the span falls back to the default.
    expect((await getDashboard(database.db, people.goalOwner!, { year: '2013' }))!.year).toBe(2013);
    expect((await getDashboard(database.db, people.goalOwner!, { year: '1999' }))!.year).toBe(2012);
  });

  it('gives a coordinator the dashboard of their programs only, whatever the address asks', async () => {
    const mine = (await getDashboard(database.db, people.otherCoordinator!, {}))!;
    expect(mine.scope).toBe('programs');
    expect(mine.programs.map(({ program }) => program.id)).toEqual([fixture.otherProgramId]);
    expect(mine.programs[0]!.program.title).not.toBe('');
    const asked = (await getDashboard(database.db, people.otherCoordinator!, {
      program: String(fixture.programId),
    }))!;
    expect(asked.chosenProgramId).toBe(fixture.otherProgramId);
    expect(asked.programs.map(({ program }) => program.id)).not.toContain(fixture.programId);

    // The demo's coordinator of program 3 sees program 3; the goal owner their whole goal.
    const coordinator = (await getDashboard(database.db, people.coordinator!, {}))!;
    expect(coordinator.programs.map(({ program }) => program.id)).toEqual([fixture.programId]);
    const owner = (await getDashboard(database.db, people.goalOwner!, {}))!;
    expect(owner.scope).toBe('goals');
    expect(owner.programs.map(({ program }) => program.id)).toContain(fixture.programId);
    expect(owner.programs.map(({ program }) => program.id)).not.toContain(fixture.otherProgramId);
  });

  it('refuses an executor without a goal or program, and a visitor without a session', async () => {
    for (const [who, code] of [
      ['executor', 'forbidden'],
      ['anonymous', 'unauthenticated'],
    ] as const) {
      const outcome = await getDashboard(database.db, people[who] ?? null, {}).then(
        () => 'ok',
        (error: unknown) => (isPublicError(error) ? error.code : String(error)),
      );
      expect(outcome, who).toBe(code);
    }
  });

  it('says for the chosen year where each indicator value comes from', async () => {
    const dashboard = (await getDashboard(database.db, people.goalOwner!, { year: '2012' }))!;
    const group = dashboard.series.find((series) => series.name === 'Lokalna Grupa Wsparcia')!;
    expect(group.points.map((point) => [point.year, point.actualText, point.actualSource])).toEqual([
      [2009, '1', 'imported'],
      [2010, '1', 'imported'],
      [2011, '1', 'imported'],
      [2012, '0', 'imported'],
      [2013, '0', 'imported'],
    ]);
  });
});
