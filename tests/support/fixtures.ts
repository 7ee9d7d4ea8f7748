import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import * as schema from '@/db/schema';
import { departments, goals, postHolders, postRoles, posts, programs, strategies, users } from '@/db/schema';
import { DEMO_PASSWORD } from '@/scripts/seed/demo';
import type { getStructure } from '@/lib/admin/structure';
import { hashPassword } from '@/lib/auth/password';
import { type CurrentUser, loadUserRoles } from '@/lib/auth/sessions';
import { insertTaskCard } from '@/lib/cards/card-writer';
import type { CardData } from '@/lib/cards/types';
import type { ReportView } from '@/lib/reports/view';

/**
 * Test data on top of the demo data: a task of program 3 whose executor is not its coordinator
 * (Wydział Gospodarki), a second goal with its own owner, program, coordinator and task, and the
 * people holding those posts. Every login's password is the demo password.
 */
export const fixtureLogins = {
  executor: 'wg.naczelnik',
  otherExecutor: 'mck.dyrektor',
  otherCoordinator: 'wsr.naczelnik',
  otherGoalOwner: 'zastepca1',
} as const;

/** The strategy office as the data layer sees it, without a user row: reads everything. */
export const reader: CurrentUser = {
  id: 0,
  login: 'reader',
  displayName: 'Reader',
  sessionId: '',
  roles: [{ role: 'admin', postId: 0, postName: 'Admin', goalId: null, programId: null, taskId: null }],
};

export const FIXTURE_TASK_TITLE = 'Inkubator przedsiębiorczości (zadanie testowe)';

function card(title: string, number: number, executor: { department: string; function: string }): CardData {
  return {
    strategy: { name: 'Strategia rozwoju Leszna' },
    goal: { number: 1, title: '', owner: '' },
    program: { number: 3, title: '', coordinator: '' },
    task: {
      number,
      title,
      addressees: 'Przedsiębiorcy',
      justification: 'Test',
      description: 'Test',
      executor,
    },
    years: [2012, 2013],
    stages: [
      { number: 1, name: 'Przygotowanie', cells: { 2012: { planned: 30, actual: null }, 2013: null } },
      {
        number: 2,
        name: 'Uruchomienie',
        cells: { 2012: { planned: 20, actual: null }, 2013: { planned: 40, actual: null } },
      },
      {
        number: null,
        name: 'Ocena zrealizowanego zadania',
        cells: { 2012: null, 2013: { planned: 10, actual: null } },
      },
    ],
    partners: [{ name: 'Cech Rzemiosł', scope: '' }],
    indicators: [
      { type: 'product', name: 'Liczba firm w inkubatorze', source: 'WG', values: {} },
      { type: 'result', name: 'Nowe miejsca pracy', source: 'GUS', values: {} },
    ],
    totalCost: '1 250 000 zł',
    budgetNote: '',
    funding: [{ source: 'Budżet miasta', value: '1 250 000 zł' }],
  };
}

export interface WorkflowFixture {
  seedTaskId: number;
  taskId: number;
  otherTaskId: number;
  programId: number;
  otherProgramId: number;
  goalId: number;
  otherGoalId: number;
  strategyId: number;
}

async function addPerson(
  db: Db,
  input: {
    login: string;
    displayName: string;
    post: string;
    function: string;
    department: string;
    abbreviation: string;
  },
) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [department] = await db
    .insert(departments)
    .values({ name: input.department, abbreviation: input.abbreviation })
    .returning({ id: departments.id });
  const [post] = await db
    .insert(posts)
    .values({ name: input.post, function: input.function, departmentId: department!.id })
    .returning({ id: posts.id });
  const [user] = await db
    .insert(users)
    .values({
      login: input.login,
      displayName: input.displayName,
      passwordHash,
      departmentId: department!.id,
    })
    .returning({ id: users.id });
  await db
    .insert(postHolders)
    .values({ postId: post!.id, userId: user!.id, validFrom: new Date('2009-01-01') });
  return { postId: post!.id, userId: user!.id };
}

/** Adds the fixture to a database that holds the demo data. */
export async function addWorkflowFixture(db: Db): Promise<WorkflowFixture> {
  const [strategy] = await db.select().from(strategies);
  const [goal] = await db.select().from(goals).where(eq(goals.strategyId, strategy!.id));
  const [program] = await db.select().from(programs).where(eq(programs.goalId, goal!.id));
  const [seedTask] = await db.select().from(schema.tasks).where(eq(schema.tasks.programId, program!.id));
  const since = new Date('2009-01-01');

  const executor = await addPerson(db, {
    login: fixtureLogins.executor,
    displayName: 'Piotr Wiśniewski',
    post: 'Naczelnik Wydziału Gospodarki',
    function: 'Naczelnik',
    department: 'Wydział Gospodarki',
    abbreviation: 'WG',
  });
  const taskId = await insertTaskCard(
    db,
    program!.id,
    card(FIXTURE_TASK_TITLE, 2, { department: 'Wydział Gospodarki', function: 'Naczelnik' }),
    { weight: 50 },
  );
  await db.insert(postRoles).values({ postId: executor.postId, role: 'executor', taskId, validFrom: since });

  // A second goal with its own people: wrong scopes for everything under goal I.
  const [otherGoal] = await db
    .insert(goals)
    .values({ strategyId: strategy!.id, number: 2, title: 'Wysoka jakość życia mieszkańców' })
    .returning({ id: goals.id });
  const [otherProgram] = await db
    .insert(programs)
    .values({ goalId: otherGoal!.id, number: 1, title: 'Aktywni mieszkańcy' })
    .returning({ id: programs.id });
  const otherTaskId = await insertTaskCard(
    db,
    otherProgram!.id,
    card('Centrum aktywności lokalnej', 1, { department: 'Miejskie Centrum Kultury', function: 'Dyrektor' }),
  );
  const otherOwner = await addPerson(db, {
    login: fixtureLogins.otherGoalOwner,
    displayName: 'Tomasz Lewandowski',
    post: 'I Zastępca Prezydenta Miasta Leszna',
    function: 'Zastępca Prezydenta',
    department: 'Kancelaria Prezydenta',
    abbreviation: 'KP',
  });
  const otherCoordinator = await addPerson(db, {
    login: fixtureLogins.otherCoordinator,
    displayName: 'Agnieszka Wójcik',
    post: 'Naczelnik Wydziału Spraw Społecznych',
    function: 'Naczelnik',
    department: 'Wydział Spraw Społecznych',
    abbreviation: 'WSS',
  });
  const otherExecutor = await addPerson(db, {
    login: fixtureLogins.otherExecutor,
    displayName: 'Marek Kamiński',
    post: 'Dyrektor Miejskiego Centrum Kultury',
    function: 'Dyrektor',
    department: 'Miejskie Centrum Kultury',
    abbreviation: 'MCK',
  });
  await db.insert(postRoles).values([
    { postId: otherOwner.postId, role: 'goal_owner', goalId: otherGoal!.id, validFrom: since },
    { postId: otherCoordinator.postId, role: 'coordinator', programId: otherProgram!.id, validFrom: since },
    { postId: otherExecutor.postId, role: 'executor', taskId: otherTaskId, validFrom: since },
  ]);
  return {
    seedTaskId: seedTask!.id,
    taskId,
    otherTaskId,
    programId: program!.id,
    otherProgramId: otherProgram!.id,
    goalId: goal!.id,
    otherGoalId: otherGoal!.id,
    strategyId: strategy!.id,
  };
}

/** The user with this login as the data layer sees them: their roles read from the database. */
export async function userByLogin(db: Db, login: string): Promise<CurrentUser> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.login}) = lower(${login})`);
  if (!user) throw new Error(`no user ${login}`);
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    sessionId: '',
    roles: await loadUserRoles(db, user.id),
  };
}

/** The tables a report action could touch. */
export const reportTables = {
  reports: schema.reports,
  reportStageValues: schema.reportStageValues,
  reportIndicatorValues: schema.reportIndicatorValues,
  reportEvents: schema.reportEvents,
  reportingYears: schema.reportingYears,
  stageYears: schema.stageYears,
  indicatorYears: schema.indicatorYears,
  tasks: schema.tasks,
  auditLog: schema.auditLog,
  comments: schema.comments,
  commentMentions: schema.commentMentions,
  commentReads: schema.commentReads,
  attachments: schema.attachments,
  attachmentChunks: schema.attachmentChunks,
};

/** Every row of the given tables, in a stable order: equal means unchanged. */
export async function snapshotOf(db: Db, tables: Record<string, PgTable>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, table] of Object.entries(tables)) {
    const rows = await db.select().from(table);
    out[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

/** The strategy, its cards, the posts that hold roles in it, its reports and the audit log: what an import or an edit of a card could write. */
export const strategyTables = {
  departments: schema.departments,
  posts: schema.posts,
  postRoles: schema.postRoles,
  strategies: schema.strategies,
  goals: schema.goals,
  programs: schema.programs,
  tasks: schema.tasks,
  stages: schema.stages,
  stageYears: schema.stageYears,
  partners: schema.partners,
  indicators: schema.indicators,
  indicatorYears: schema.indicatorYears,
  fundingSources: schema.fundingSources,
  reports: schema.reports,
  reportStageValues: schema.reportStageValues,
  reportIndicatorValues: schema.reportIndicatorValues,
  auditLog: schema.auditLog,
};

/** Every row of the strategy tables, in a stable order: equal means nothing changed. */
export function strategyRows(db: Db): Promise<Record<string, string[]>> {
  return snapshotOf(db, strategyTables);
}

/** Every row of the tables a report action could touch, in a stable order: equal means unchanged. */
export function snapshot(db: Db): Promise<Record<string, string[]>> {
  return snapshotOf(db, reportTables);
}

interface AuditWhere {
  entity: string;
  entityId?: string | number;
  action?: string;
}

function auditWhere(where: AuditWhere) {
  return and(
    eq(schema.auditLog.entity, where.entity),
    where.entityId === undefined ? undefined : eq(schema.auditLog.entityId, String(where.entityId)),
    where.action === undefined ? undefined : eq(schema.auditLog.action, where.action),
  );
}

/** The audit rows of an entity (of one record and one action, when given), oldest first. */
export function auditRows(db: Db, where: AuditWhere) {
  return db.select().from(schema.auditLog).where(auditWhere(where)).orderBy(asc(schema.auditLog.id));
}

/** The latest audit row of an entity (of one record and one action, when given). */
export async function latestAudit(db: Db, where: AuditWhere) {
  const [row] = await db
    .select()
    .from(schema.auditLog)
    .where(auditWhere(where))
    .orderBy(desc(schema.auditLog.id))
    .limit(1);
  return row;
}

/** The executor's submission of a report: every planned point done, every indicator at 1. */
export function submittedAsPlanned(
  view: Pick<ReportView, 'version' | 'stages' | 'indicators'>,
  narrative: string,
) {
  return {
    intent: 'submit',
    version: view.version,
    narrative,
    stages: view.stages.map((stage) => ({
      stageId: stage.stageId,
      actual: stage.planned ? String(stage.planned) : '',
    })),
    indicators: view.indicators.map((indicator) => ({ indicatorId: indicator.indicatorId, actualText: '1' })),
    confirmUnplanned: false,
  };
}

type StructureGoal = Awaited<ReturnType<typeof getStructure>>['strategies'][number]['goals'][number];

/** The structure page's form of a goal as the office read it (getStructure), archived or not. */
export function goalFormOf(goal: StructureGoal, archived = false) {
  return {
    id: goal.id,
    strategyId: goal.strategyId,
    version: goal.version,
    number: String(goal.number),
    title: goal.title,
    ownerPostId: goal.ownerPostId,
    archived,
  };
}
