import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { demoUsers, seedDemoData } from '@/scripts/seed/demo';
import * as peopleSchemas from '@/lib/admin/people-schema';
import {
  goalFormSchema,
  programFormSchema,
  publicationFormSchema,
  strategyFormSchema,
} from '@/lib/admin/structure-schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { assignExecutorSchema, newTaskSchema, taskCardSchema, weightsSchema } from '@/lib/cards/card-schema';
import { previewImport } from '@/lib/cards/preview/preview-import';
import { confirmImportSchema } from '@/lib/cards/import-schema';
import type { ActionResult } from '@/lib/actions/result';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { reportPlanOf } from '@/lib/reports/report-plan';
import { decisionSchema, openYearSchema, recallSchema, reportFormSchema } from '@/lib/reports/schema';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { runAction } from '@/actions/run';
import { forgotPasswordSchema, setPasswordSchema } from '@/lib/auth/password-link-schema';
import { requestPasswordReset } from '@/lib/auth/password-links';
import { mailSettingsSchema, preferencesSchema, resendMailSchema } from '@/lib/mail/schema';
import { addComment } from '@/lib/discussion/comments';
import { recordFigures } from '../support/figures';
import { mutations } from '../support/hostile-values';
import { discussionCases } from '../support/hostile-discussion';
import { type WorkflowFixture, addWorkflowFixture, fixtureLogins, userByLogin } from '../support/fixtures';
import { actionContext } from '../support/action-context';
import { createMigrated, testBackends } from '../support/test-db';
import fs from 'node:fs';
import path from 'node:path';

/*
 * Hostile input on every server action, as an allowed caller (so that input reaches validation):
 * whole random values, and valid forms with one field replaced by something nasty plus extra
 * fields. For every run: no crash ("failed" is our 500), invalid input is never accepted, and a
 * refused call leaves every table exactly as it was (counts, versions, audit log).
 *
 * Kept as one file (~500 lines) on purpose: its tests are tables with a row per server action (the
 * mail actions in a second one, for its own time limit), and those tables are the list of what the
 * suite covers; the values it sends are in tests/support/hostile-values.ts.
 */

const RUNS = Number(process.env.HOSTILE_RUNS ?? 1000);

const state = actionContext;
vi.mock('@/server/current-user', async () => (await import('../support/action-context')).sessionModule());
vi.mock('@/lib/db', async () => (await import('../support/action-context')).dbModule());
vi.mock('next/cache', async () => (await import('../support/action-context')).cacheModule());

interface Case {
  name: string;
  actor: string;
  schema: z.ZodType | null;
  /** The valid form; a function when it must be read from the data as they are when the case starts. */
  base: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
  call: (input: unknown) => Promise<ActionResult<unknown>>;
  /**
   * The base is a change the caller may make in the current data (not a refusal by design, like an
   * unknown id): with extra fields it must be accepted at least once, which proves the extra fields
   * were ignored and that the valid path was exercised, not only refusals.
   */
  acceptsBase?: true;
}

describe.each(testBackends())('hostile input on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let tables: string[] = [];
  const actors: Record<string, CurrentUser> = {};
  const lines: string[] = [];

  /** One query: the row count and version sum of every table, and the audit log's last id. */
  async function fingerprint(): Promise<string> {
    const parts = tables.map((table) => sql`(select count(*) from ${sql.identifier(table)})::text`);
    const result = await database.db.execute(sql`select concat_ws(',', ${sql.join(parts, sql`, `)}) as f`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { f: string }[];
    const versions = await database.db.execute(
      sql`select concat_ws(',', (select coalesce(sum(version),0) from tasks), (select coalesce(sum(version),0) from reports), (select coalesce(sum(version),0) from users), (select coalesce(sum(version),0) from posts), (select coalesce(sum(version),0) from programs), (select coalesce(sum(version),0) from goals), (select coalesce(sum(version),0) from strategies), (select coalesce(max(id),0) from audit_log)) as f`,
    );
    const versionRows = (Array.isArray(versions) ? versions : (versions as { rows: unknown[] }).rows) as {
      f: string;
    }[];
    return `${rows[0]!.f}|${versionRows[0]!.f}`;
  }

  beforeAll(async () => {
    database = await createMigrated(backend);
    state.database = database;
    await seedDemoData(database.db);
    fixture = await addWorkflowFixture(database.db);
    for (const [name, login] of Object.entries({
      executor: fixtureLogins.executor,
      coordinator: demoUsers.coordinator.login,
      admin: demoUsers.admin.login,
    })) {
      actors[name] = await userByLogin(database.db, login);
    }
    const tableRows = await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    );
    tables = (
      (Array.isArray(tableRows) ? tableRows : (tableRows as { rows: unknown[] }).rows) as {
        table_name: string;
      }[]
    ).map((row) => row.table_name);
    await openReportingYear(database.db, actors.admin!, {
      strategyId: fixture.strategyId,
      year: 2012,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
  });
  afterAll(async () => {
    recordFigures(
      `hostile-${backend.name}`,
      `Hostile input (${backend.name === 'postgres' ? 'PostgreSQL' : 'PGlite'})`,
      lines,
    );
    state.database = null;
    await database?.close();
  });

  /** Every case's hostile runs (see the file's comment); a line of figures per case. */
  async function runCases(cases: Case[]) {
    for (const testCase of cases) {
      state.user = actors[testCase.actor]!;
      const tally = { runs: 0, accepted: 0, refused: 0 };
      const base = typeof testCase.base === 'function' ? await testCase.base() : testCase.base;
      await fc.assert(
        fc.asyncProperty(mutations(base), async (input) => {
          tally.runs++;
          const before = await fingerprint();
          const result = await testCase.call(input);
          expect(result.status === 'error' ? result.code : 'success', `${testCase.name}: no 500`).not.toBe(
            'failed',
          );
          if (testCase.schema && !testCase.schema.safeParse(input).success) {
            expect(result.status, `${testCase.name} accepted invalid input`).toBe('error');
          }
          if (result.status === 'error') {
            tally.refused++;
            expect(await fingerprint(), `${testCase.name}: a refusal wrote something`).toBe(before);
          } else {
            tally.accepted++;
          }
        }),
        { numRuns: RUNS },
      );
      if (testCase.acceptsBase) {
        expect(
          tally.accepted,
          `${testCase.name}: the valid form with extra fields was never accepted`,
        ).toBeGreaterThan(0);
      }
      lines.push(
        `- ${testCase.name}: ${tally.runs} runs, ${tally.accepted} accepted, ${tally.refused} refused, 0 crashes, 0 partial writes.`,
      );
    }
  }

  it(`every server action survives ${RUNS} hostile inputs: no crash, nothing invalid accepted, refusals write nothing`, async () => {
    const reportView = await getReportView(database.db, actors.executor!, fixture.taskId, 2012);
    const plan = reportPlanOf(reportView.stages, reportView.indicators);
    const editor = await getTaskEditor(database.db, actors.coordinator!, fixture.taskId);
    const preview = await previewImport(database.db, actors.admin!, {
      text: fs.readFileSync(
        path.resolve(import.meta.dirname, '../../tests/fixtures/cards/trzy-karty.txt'),
        'utf8',
      ),
    });
    const taskActions = await import('@/actions/tasks');
    const reportActions = await import('@/actions/reports');
    const reporting = await import('@/actions/reporting');
    const structure = await import('@/actions/structure');
    const people = await import('@/actions/people');
    const imports = await import('@/actions/import');
    const { commentId } = await addComment(database.db, actors.executor!, fixture.taskId, 2012, {
      body: 'Do poprawienia',
    });
    const { commentId: cardCommentId } = await addComment(
      database.db,
      actors.executor!,
      fixture.taskId,
      null,
      {
        body: 'Do poprawienia na karcie',
      },
    );
    const ps = peopleSchemas;
    const [otherExecutor] = await database.db
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(eq(schema.users.login, fixtureLogins.otherExecutor));
    if (!otherExecutor) throw new Error('fixture person missing');
    const cases: Case[] = [
      {
        name: 'saveReportAction',
        acceptsBase: true,
        actor: 'executor',
        schema: reportFormSchema(plan),
        base: {
          intent: 'save',
          version: reportView.version,
          narrative: 'Opis',
          stages: plan.stages.map((s) => ({ stageId: s.stageId, actual: '' })),
          indicators: plan.indicatorIds.map((indicatorId) => ({ indicatorId, actualText: '' })),
          confirmUnplanned: false,
        },
        call: (input) => reportActions.saveReportAction(fixture.taskId, 2012, input),
      },
      {
        name: 'decideReportAction',
        actor: 'coordinator',
        schema: decisionSchema,
        base: { action: 'return', version: 1, comment: 'Uwagi' },
        call: (input) => reportActions.decideReportAction(fixture.taskId, 2012, input),
      },
      {
        name: 'recallReportAction',
        actor: 'executor',
        schema: recallSchema,
        base: { version: 1 },
        call: (input) => reportActions.recallReportAction(fixture.taskId, 2012, input),
      },
      {
        name: 'openReportingYearAction',
        acceptsBase: true,
        actor: 'admin',
        schema: openYearSchema,
        base: { strategyId: fixture.strategyId, year: 2012, deadline: '2099-02-01', coordinatorReview: true },
        call: (input) => reporting.openReportingYearAction(input),
      },
      {
        name: 'saveTaskCardAction',
        acceptsBase: true,
        actor: 'coordinator',
        schema: taskCardSchema(editor.years),
        base: editor.form as unknown as Record<string, unknown>,
        call: (input) => taskActions.saveTaskCardAction(fixture.taskId, input),
      },
      {
        name: 'assignExecutorAction',
        actor: 'coordinator',
        schema: assignExecutorSchema,
        base: { postId: null, currentPostId: null },
        call: (input) => taskActions.assignExecutorAction(fixture.taskId, input),
      },
      {
        name: 'createTaskAction',
        acceptsBase: true,
        actor: 'coordinator',
        schema: newTaskSchema,
        base: { number: '90', title: 'Nowe zadanie', weight: '10' },
        call: (input) => taskActions.createTaskAction(fixture.programId, input),
      },
      {
        name: 'saveWeightsAction',
        acceptsBase: true,
        actor: 'coordinator',
        schema: weightsSchema,
        base: { version: 1, weights: [{ taskId: fixture.taskId, weight: '50' }] },
        call: (input) => taskActions.saveWeightsAction(fixture.programId, input),
      },
      {
        name: 'saveStrategyAction',
        acceptsBase: true,
        actor: 'admin',
        schema: strategyFormSchema,
        base: {
          id: null,
          version: 1,
          name: 'Strategia testowa',
          cityName: 'Leszno',
          startYear: '2020',
          endYear: '2030',
        },
        call: (input) => structure.saveStrategyAction(input),
      },
      {
        name: 'savePublicationAction',
        acceptsBase: true,
        actor: 'admin',
        schema: publicationFormSchema,
        // Read when the case starts: each accepted run raises the strategy's version.
        base: async () => {
          const [strategy] = await database.db
            .select({ version: schema.strategies.version })
            .from(schema.strategies)
            .where(eq(schema.strategies.id, fixture.strategyId));
          return {
            id: fixture.strategyId,
            version: strategy!.version,
            published: true,
            publishedFrom: '2026-01-15',
            publishNarratives: false,
          };
        },
        call: (input) => structure.savePublicationAction(input),
      },
      {
        name: 'saveGoalAction',
        acceptsBase: true,
        actor: 'admin',
        schema: goalFormSchema,
        base: {
          id: null,
          strategyId: fixture.strategyId,
          version: 1,
          number: '7',
          title: 'Cel',
          ownerPostId: null,
          archived: false,
        },
        call: (input) => structure.saveGoalAction(input),
      },
      {
        name: 'saveProgramAction',
        acceptsBase: true,
        actor: 'admin',
        schema: programFormSchema,
        base: {
          id: null,
          goalId: fixture.goalId,
          version: 1,
          number: '8',
          title: 'Program',
          coordinatorPostId: null,
          archived: false,
        },
        call: (input) => structure.saveProgramAction(input),
      },
      {
        name: 'createUserAction',
        acceptsBase: true,
        actor: 'admin',
        schema: ps.createUserSchema,
        base: {
          login: 'nowy.pracownik',
          displayName: 'Nowy',
          email: '',
          departmentId: null,
          signIn: 'password',
          password: 'bardzo-dlugie-haslo-123',
        },
        call: (input) => people.createUserAction(input),
      },
      {
        name: 'updateUserAction',
        acceptsBase: true,
        actor: 'admin',
        schema: ps.updateUserSchema,
        base: { id: actors.executor!.id, version: 1, displayName: 'Piotr', email: '', departmentId: null },
        call: (input) => people.updateUserAction(input),
      },
      {
        name: 'setUserActiveAction',
        acceptsBase: true,
        actor: 'admin',
        schema: ps.setUserActiveSchema,
        // Someone no other case acts as, switched (once: then it is the wrong state). Read when the
        // case starts: an earlier case's forged id may have edited this person (a new version).
        base: async () => {
          const [person] = await database.db
            .select({ version: schema.users.version, isActive: schema.users.isActive })
            .from(schema.users)
            .where(eq(schema.users.id, otherExecutor.id));
          return { id: otherExecutor.id, version: person!.version, active: !person!.isActive };
        },
        call: (input) => people.setUserActiveAction(input),
      },
      {
        name: 'resetPasswordAction',
        acceptsBase: true,
        actor: 'admin',
        schema: ps.resetPasswordSchema,
        base: {
          id: actors.executor!.id,
          signIn: 'password',
          password: 'bardzo-dlugie-haslo-123',
          confirmPassword: 'bardzo-dlugie-haslo-123',
        },
        call: (input) => people.resetPasswordAction(input),
      },
      {
        name: 'createDepartmentAction',
        acceptsBase: true,
        actor: 'admin',
        schema: ps.createDepartmentSchema,
        base: { name: 'Wydział Nowy', abbreviation: 'WN' },
        call: (input) => people.createDepartmentAction(input),
      },
      {
        name: 'updateDepartmentAction',
        acceptsBase: true,
        actor: 'admin',
        schema: ps.updateDepartmentSchema,
        base: { id: 1, version: 1, name: 'Wydział', abbreviation: 'W' },
        call: (input) => people.updateDepartmentAction(input),
      },
      {
        name: 'archiveDepartmentAction',
        actor: 'admin',
        schema: ps.archiveDepartmentSchema,
        base: { id: 999_999, version: 1 },
        call: (input) => people.archiveDepartmentAction(input),
      },
      {
        name: 'createPostAction',
        acceptsBase: true,
        actor: 'admin',
        schema: ps.createPostSchema,
        base: { name: 'Stanowisko', function: 'Kierownik', departmentId: null },
        call: (input) => people.createPostAction(input),
      },
      {
        name: 'updatePostAction',
        acceptsBase: true,
        actor: 'admin',
        schema: ps.updatePostSchema,
        base: { id: 1, version: 1, name: 'Stanowisko', function: '', departmentId: null },
        call: (input) => people.updatePostAction(input),
      },
      {
        name: 'archivePostAction',
        actor: 'admin',
        schema: ps.archivePostSchema,
        base: { id: 999_999, version: 1 },
        call: (input) => people.archivePostAction(input),
      },
      {
        name: 'setPostHolderAction',
        actor: 'admin',
        schema: ps.setPostHolderSchema,
        base: { postId: 999_999, version: 1, userId: null, from: '2030-01-01' },
        call: (input) => people.setPostHolderAction(input),
      },
      {
        name: 'grantPostRoleAction',
        actor: 'admin',
        schema: ps.grantPostRoleSchema,
        base: { postId: 999_999, version: 1, role: 'admin' },
        call: (input) => people.grantPostRoleAction(input),
      },
      {
        name: 'endPostRoleAction',
        actor: 'admin',
        schema: ps.endPostRoleSchema,
        base: { postId: 999_999, version: 1, roleId: 999_999 },
        call: (input) => people.endPostRoleAction(input),
      },
      ...(await discussionCases(fixture.taskId, 2012, commentId)),
      ...(await discussionCases(fixture.taskId, null, cardCommentId)),
      {
        name: 'confirmImportAction',
        actor: 'admin',
        schema: confirmImportSchema,
        base: { cards: preview.cards.map((entry) => entry.card) },
        call: (input) => imports.confirmImportAction(input),
      },
    ];

    await runCases(cases);
    state.user = null;
  }, 1_200_000); // a thousand runs of every action: more than the default limit on a loaded machine

  // The mail actions (issue 22) in a test of their own, with its own time limit: the table above
  // already takes most of one.
  it(`every mail action survives ${RUNS} hostile inputs: no crash, nothing invalid accepted, refusals write nothing`, async () => {
    const mail = await import('@/actions/mail');
    const cases: Case[] = [
      {
        name: 'resendMailAction',
        actor: 'admin',
        schema: resendMailSchema,
        // No such mail: refused by design (nothing failed to resend).
        base: { id: 987654 },
        call: (input) => mail.resendMailAction(input),
      },
      {
        name: 'saveMailSettingsAction',
        acceptsBase: true,
        actor: 'admin',
        schema: mailSettingsSchema,
        base: async () => {
          const [settings] = await database.db.select().from(schema.mailSettings);
          return { digestHour: 9, version: settings!.version };
        },
        call: (input) => mail.saveMailSettingsAction(input),
      },
      {
        name: 'saveNotificationPreferencesAction',
        acceptsBase: true,
        actor: 'executor',
        schema: preferencesSchema,
        base: {
          year_opened: 'immediate',
          reminder_before: 'digest',
          reminder_after: 'off',
          report_submitted: 'immediate',
          report_returned: 'immediate',
          report_approved: 'digest',
          report_withdrawn: 'off',
          task_assigned: 'immediate',
          mention: 'digest',
        },
        call: (input) => mail.saveNotificationPreferencesAction(input),
      },
      {
        // The action's own body without the throttle's real waits (1000 runs of up to 5 s each).
        name: 'requestPasswordResetAction',
        acceptsBase: true,
        actor: 'executor',
        schema: forgotPasswordSchema,
        base: { login: 'nie.ma.takiego' },
        call: (input) => runAction(() => requestPasswordReset(database.db, input, { wait: async () => {} })),
      },
      {
        name: 'setPasswordWithLinkAction',
        actor: 'executor',
        schema: setPasswordSchema,
        // A well-formed link nobody issued: refused by design.
        base: {
          token: 'A'.repeat(43),
          password: 'bardzo-dlugie-haslo-123',
          confirmPassword: 'bardzo-dlugie-haslo-123',
        },
        call: (input) => mail.setPasswordWithLinkAction(input),
      },
    ];
    await runCases(cases);
    state.user = null;
  });
});
