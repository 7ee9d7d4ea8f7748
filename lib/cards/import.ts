/**
 * Saving imported task cards (lib/cards/parse.ts) into the strategy, in one transaction.
 *
 * - Who imports is checked here, in the transaction: a user's account and posts are read again and
 *   every card must go to a program they may import into (`cards.import.program`); creating a
 *   program (and its goal, strategy) is the office's (`cards.import.newProgram`). The import command
 *   and the demo data run as the operator, with no user.
 * - The strategy is found by name; a missing one is created with the span of the imported cards'
 *   years and a city name: `options.cityName`, else the last word of the strategy's name
 *   ("Strategia rozwoju Leszna" → "Leszna"; pass the nominative with `--city Leszno`).
 * - Goals (by number within the strategy) and programs (by number within the goal) are created when
 *   missing; existing ones are left as they are.
 * - The goal owner, coordinator and executor are matched to posts (./import-roles.ts). A role is
 *   given only where nobody holds it yet; what cannot be matched is reported as unassigned.
 * - A task (by number within the program) is inserted when missing (./card-writer.ts); otherwise it
 *   is updated in place with only the differences (./import-snapshot.ts, ./import-write.ts), so
 *   importing the same card twice writes nothing, and any change raises the task's version (the
 *   card editor's conflict check). Stages and indicators that have values in yearly reports are
 *   archived, never deleted.
 * - The actuals of a year that has a yearly report (in any status) belong to the reporting
 *   workflow: the import keeps the saved ones and says so in a note. Plans are imported.
 * - One audit row per created or updated task (and per created strategy, goal and program).
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { goals, programs, strategies, tasks, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import { assertCan, can } from '@/lib/auth/permissions';
import { type CurrentUser, loadUserRoles } from '@/lib/auth/sessions';
import { invalid } from '@/lib/errors';
import { toRoman } from '@/lib/numbers';
import { insertTaskCard } from './card-writer';
import { checkCards, refuse } from './import-checks';
import { executorPosts, executorTextOf, giveRole, postsNamed } from './import-roles';
import {
  cardYears,
  desiredSnapshot,
  keepReportedActuals,
  loadSnapshot,
  same,
  taskCode,
} from './import-snapshot';
import { updateTaskInPlace } from './import-write';
import { type ImportMessage, importMessage, sameMessage } from './messages';
import type { CardData, ImportableCard } from './types';

export type { ImportableCard } from './types';
export { CardImportError } from './import-checks';
export { keepReportedActuals, taskCode } from './import-snapshot';
export { currentExecutorPost, executorPosts } from './import-roles';

/**
 * Who imports. A signed-in user (the import screen): checked by commitCards in its transaction.
 * The operator (the import command, the demo data): whoever can run it holds the database already;
 * `actorUserId` only names someone in the audit log. The web passes a user, never this.
 */
export type Importer = { user: CurrentUser } | { operator: true; actorUserId: number | null };

export interface CommitOptions {
  importer: Importer;
  /** Overrides the strategy name of every card. */
  strategyName?: string;
  /** City of a strategy that has to be created; default: the strategy name's last word. */
  cityName?: string;
  now?: Date;
  /**
   * The import screen's own check, run in the transaction after the importer's: the tasks are still
   * those its preview compared, the chosen posts still exist. Not an authorization (commitCards has
   * checked the importer); throwing rolls everything back.
   */
  checkPreview?: (tx: Tx) => Promise<void>;
}

export interface CommitSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** Roles that could not be given because no post matched (one per role). */
  unassigned: ImportMessage[];
  /** What else the import did or left alone (created strategy/goal/program, archived stages …). */
  notes: ImportMessage[];
  /** `task`: the task's code, "I.3.1" (shown as "Zadanie I.3.1": `commit.taskLabel`). */
  tasks: { taskId: number; task: string; status: 'created' | 'updated' | 'unchanged' }[];
}

/** Any fixed number, other than the migrations' lock (db/migrate.ts). */
const IMPORT_LOCK = 7_301_2010;

/** The saved strategy of a name: the oldest one not archived. */
async function strategyNamed(tx: Tx, name: string) {
  const [row] = await tx
    .select()
    .from(strategies)
    .where(and(eq(strategies.name, name), isNull(strategies.archivedAt)))
    .orderBy(asc(strategies.id))
    .limit(1);
  return row ?? null;
}

/** The program a card goes to, when it exists already (strategy by name, goal and program by number). */
async function existingProgramId(tx: Tx, strategyName: string, card: CardData): Promise<number | null> {
  const strategy = await strategyNamed(tx, strategyName);
  if (!strategy) return null;
  const [program] = await tx
    .select({ id: programs.id })
    .from(programs)
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .where(
      and(
        eq(goals.strategyId, strategy.id),
        eq(goals.number, card.goal.number),
        eq(programs.number, card.program.number),
      ),
    );
  return program?.id ?? null;
}

/**
 * A user imports only into programs they may, judged by what the database says now (inside the
 * transaction, after the import lock): a deactivated account, a role ended or a program that
 * changed hands since the request began imports nothing. Refusals name the card
 * (`cards.<index>`: `notYourProgram`, or `newProgram` for a program the import would create).
 */
async function authorizeImporter(
  tx: Tx,
  user: CurrentUser,
  cards: ImportableCard[],
  strategyOf: (card: ImportableCard) => string,
) {
  // A deactivated account holds its posts still, but no longer acts through them.
  const [account] = await tx.select({ isActive: users.isActive }).from(users).where(eq(users.id, user.id));
  const current: CurrentUser = { ...user, roles: account?.isActive ? await loadUserRoles(tx, user.id) : [] };
  assertCan(current, { action: 'cards.import' });
  const refused: Record<string, string[]> = {};
  for (const [index, card] of cards.entries()) {
    const programId = await existingProgramId(tx, strategyOf(card), card);
    if (programId === null) {
      if (!can(current, { action: 'cards.import.newProgram' })) refused[`cards.${index}`] = ['newProgram'];
    } else if (!can(current, { action: 'cards.import.program', programId })) {
      refused[`cards.${index}`] = ['notYourProgram'];
    }
  }
  if (Object.keys(refused).length > 0) throw invalid(refused);
}

function lastWord(name: string): string {
  const words = name.trim().split(/\s+/);
  return words[words.length - 1] ?? name;
}

/**
 * Saves the cards in one transaction (all or nothing) and says what it did. Importing the same
 * cards again writes nothing and counts them as unchanged.
 */
export async function commitCards(
  db: Db,
  cards: ImportableCard[],
  options: CommitOptions,
): Promise<CommitSummary> {
  const now = options.now ?? new Date();
  const { importer } = options;
  const actorUserId = 'user' in importer ? importer.user.id : importer.actorUserId;
  const summary: CommitSummary = {
    created: 0,
    updated: 0,
    unchanged: 0,
    unassigned: [],
    notes: [],
    tasks: [],
  };
  const unassigned: ImportMessage[] = [];
  const notes: ImportMessage[] = [];
  const note = (message: ImportMessage) => {
    if (!notes.some((have) => sameMessage(have, message))) notes.push(message);
  };
  const strategyOf = (card: ImportableCard) => (options.strategyName ?? card.strategy.name).trim();

  // Every card is checked before anything is written; the years each strategy has to span.
  const spans = checkCards(cards, strategyOf);

  await db.transaction(async (tx) => {
    // Two imports at once (PostgreSQL, several instances) would both create a missing strategy,
    // goal or program: they take turns. Released when the transaction ends.
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
    if ('user' in importer) await authorizeImporter(tx, importer.user, cards, strategyOf);
    await options.checkPreview?.(tx);
    const strategyIds = new Map<string, number>();
    for (const [name, span] of spans) {
      const existing = await strategyNamed(tx, name);
      if (existing) {
        if (span.start < existing.startYear || span.end > existing.endYear) {
          throw refuse('commit.outsideStrategy', {
            name,
            start: span.start,
            end: span.end,
            strategyStart: existing.startYear,
            strategyEnd: existing.endYear,
          });
        }
        strategyIds.set(name, existing.id);
        continue;
      }
      const cityName = options.cityName?.trim() || lastWord(name);
      const [created] = await tx
        .insert(strategies)
        .values({ name, cityName, startYear: span.start, endYear: span.end })
        .returning({ id: strategies.id });
      if (!created) throw new Error('insert strategy returned nothing');
      strategyIds.set(name, created.id);
      await writeAudit(tx, {
        actorUserId,
        entity: 'strategy',
        entityId: created.id,
        action: 'import',
        before: null,
        after: { name, cityName, startYear: span.start, endYear: span.end },
      });
      note(
        importMessage('commit.strategyCreated', { name, city: cityName, start: span.start, end: span.end }),
      );
    }

    for (const card of cards) {
      const strategyId = strategyIds.get(strategyOf(card)) as number;
      const goalCode = toRoman(card.goal.number);
      const programCode = `${goalCode}.${card.program.number}`;
      const task = taskCode(card);

      // The goal and its owner.
      let [goal] = await tx
        .select()
        .from(goals)
        .where(and(eq(goals.strategyId, strategyId), eq(goals.number, card.goal.number)));
      if (!goal) {
        [goal] = await tx
          .insert(goals)
          .values({ strategyId, number: card.goal.number, title: card.goal.title })
          .returning();
        if (!goal) throw new Error('insert goal returned nothing');
        await writeAudit(tx, {
          actorUserId,
          entity: 'goal',
          entityId: goal.id,
          action: 'import',
          before: null,
          after: { strategyId, number: goal.number, title: goal.title },
        });
        note(importMessage('commit.goalCreated', { goal: goalCode, title: goal.title }));
      } else if (goal.title !== card.goal.title) {
        note(importMessage('commit.goalTitleKept', { goal: goalCode }));
      }
      await giveRole(tx, { role: 'goal_owner', goalId: goal.id }, await postsNamed(tx, card.goal.owner), {
        who: { role: 'goal_owner', code: goalCode, name: card.goal.owner },
        actorUserId,
        now,
        unassigned,
        note,
      });

      // The program and its coordinator.
      let [program] = await tx
        .select()
        .from(programs)
        .where(and(eq(programs.goalId, goal.id), eq(programs.number, card.program.number)));
      if (!program) {
        [program] = await tx
          .insert(programs)
          .values({ goalId: goal.id, number: card.program.number, title: card.program.title })
          .returning();
        if (!program) throw new Error('insert program returned nothing');
        await writeAudit(tx, {
          actorUserId,
          entity: 'program',
          entityId: program.id,
          action: 'import',
          before: null,
          after: { goalId: goal.id, number: program.number, title: program.title },
        });
        note(importMessage('commit.programCreated', { program: programCode, title: program.title }));
      } else if (program.title !== card.program.title) {
        note(importMessage('commit.programTitleKept', { program: programCode }));
      }
      await giveRole(
        tx,
        { role: 'coordinator', programId: program.id },
        await postsNamed(tx, card.program.coordinator),
        {
          who: { role: 'coordinator', code: programCode, name: card.program.coordinator },
          actorUserId,
          now,
          unassigned,
          note,
        },
      );

      // The task (the card writer keeps what numeric(…, 2) keeps).
      const years = cardYears(card);
      const [existing] = await tx
        .select({ id: tasks.id })
        .from(tasks)
        .where(and(eq(tasks.programId, program.id), eq(tasks.number, card.task.number)));
      let taskId: number;
      if (!existing) {
        taskId = await insertTaskCard(tx, program.id, card);
        await writeAudit(tx, {
          actorUserId,
          entity: 'task',
          entityId: taskId,
          action: 'import',
          before: null,
          after: await loadSnapshot(tx, taskId, years),
        });
        summary.created++;
        summary.tasks.push({ taskId, task, status: 'created' });
      } else {
        taskId = existing.id;
        const kept = await keepReportedActuals(tx, taskId, card, task);
        kept.notes.forEach(note);
        const desired = desiredSnapshot(kept.card);
        const before = await loadSnapshot(tx, taskId, years);
        if (same(desired, before)) {
          summary.unchanged++;
          summary.tasks.push({ taskId, task, status: 'unchanged' });
        } else {
          await updateTaskInPlace(
            tx,
            taskId,
            kept.card,
            desired,
            before,
            kept.reportedYears,
            now,
            note,
            task,
          );
          await writeAudit(tx, {
            actorUserId,
            entity: 'task',
            entityId: taskId,
            action: 'import',
            before,
            after: await loadSnapshot(tx, taskId, years),
          });
          summary.updated++;
          summary.tasks.push({ taskId, task, status: 'updated' });
        }
      }
      await giveRole(tx, { role: 'executor', taskId }, await executorPosts(tx, card), {
        who: { role: 'executor', code: task, name: executorTextOf(card) },
        actorUserId,
        now,
        unassigned,
        note,
      });
    }
  });
  summary.unassigned = unassigned;
  summary.notes = notes;
  return summary;
}
