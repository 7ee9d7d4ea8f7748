import { count, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  departments,
  postHolders,
  postRoles,
  posts,
  reportEvents,
  reportStageValues,
  reports,
  stageYears,
  stages,
  strategies,
  users,
} from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import fs from 'node:fs';
import path from 'node:path';
import { type ImportableCard, commitCards } from '@/lib/cards/import';
import { parseCards } from '@/lib/cards/parse';
import { demoCard } from './demo-card';

/** The demo accounts. These passwords exist only in the demo data set (and the README). */
export const DEMO_PASSWORD = 'demo-Leszno-2009';
export const demoUsers = {
  goalOwner: { login: 'sekretarz', displayName: 'Katarzyna Nowak' },
  coordinator: { login: 'naczelnik.wpir', displayName: 'Jan Kowalski' },
  admin: { login: 'admin', displayName: 'Ewa Zielińska' },
} as const;

export const SEED_CARD_FILE = path.join(
  process.cwd(),
  'scripts',
  'seed',
  'karta-zadania-cel-I-program-3-zadanie-1.txt',
);

/**
 * The seed card read by the importer, with the run-together partner names ("…Transferu
 * TechnologiiRegionalna Izba…", flagged by the parser) split into the two partners they are, each
 * with the scope written under them (DOMAIN.md).
 */
export function demoCardFromSeedText(): ImportableCard {
  const { cards, errors } = parseCards(fs.readFileSync(SEED_CARD_FILE, 'utf8'));
  const card = cards[0];
  if (!card || errors.length > 0)
    throw new Error(`the seed card does not parse: ${JSON.stringify(errors.map((error) => error.message))}`);
  const partners = card.partners.flatMap((partner, index) => {
    const flagged = card.warnings.some((warning) => warning.path === `partners.${index}.name`);
    const joint = /\p{Ll}(?=\p{Lu})/u.exec(partner.name);
    if (!flagged || !joint) return [partner];
    const at = joint.index + 1;
    return [
      { name: partner.name.slice(0, at), scope: partner.scope },
      { name: partner.name.slice(at), scope: partner.scope },
    ];
  });
  return { ...card, partners };
}

/** The stage actuals of these years are history: loaded as approved reports (DOMAIN.md). */
const HISTORY_YEARS = [2009, 2010, 2011];

/**
 * Loads the demo data set into an empty database and returns true; does nothing and returns false
 * when the database already has users (so a restart never duplicates it).
 */
export async function seedDemoData(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) > 0) return false;

    const [wpir, office] = await tx
      .insert(departments)
      .values([
        { name: demoCard.task.executor.department, abbreviation: 'WPiR' },
        { name: 'Biuro Strategii', abbreviation: 'BS' },
      ])
      .returning({ id: departments.id });
    if (!wpir || !office) throw new Error('departments not created');

    const [secretaryPost, headPost, adminPost] = await tx
      .insert(posts)
      .values([
        { name: demoCard.goal.owner, function: 'Sekretarz Miasta' },
        {
          name: demoCard.program.coordinator,
          function: demoCard.task.executor.function,
          departmentId: wpir.id,
        },
        { name: 'Kierownik Biura Strategii', function: 'Kierownik', departmentId: office.id },
      ])
      .returning({ id: posts.id });
    if (!secretaryPost || !headPost || !adminPost) throw new Error('posts not created');

    const [secretary, head, admin] = await tx
      .insert(users)
      .values([
        { ...demoUsers.goalOwner, passwordHash, email: 'sekretarz@example.org' },
        { ...demoUsers.coordinator, passwordHash, departmentId: wpir.id, email: 'wpir@example.org' },
        { ...demoUsers.admin, passwordHash, departmentId: office.id, email: 'strategia@example.org' },
      ])
      .returning({ id: users.id });
    if (!secretary || !head || !admin) throw new Error('users not created');

    const heldSince = new Date('2009-01-01T00:00:00Z');
    await tx.insert(postHolders).values([
      { postId: secretaryPost.id, userId: secretary.id, validFrom: heldSince },
      { postId: headPost.id, userId: head.id, validFrom: heldSince },
      { postId: adminPost.id, userId: admin.id, validFrom: heldSince },
    ]);

    // The card itself comes through the importer, from the seed text, exactly as a city moves in.
    // The seed's one copying glitch is fixed the way a user fixes it in the preview.
    const card = demoCardFromSeedText();
    const summary = await commitCards(tx as unknown as Db, [card], {
      importer: { operator: true, actorUserId: null },
      cityName: 'Leszno',
      now: heldSince,
    });
    const taskId = summary.tasks[0]?.taskId;
    if (!taskId || summary.unassigned.length > 0) {
      throw new Error(`demo card import incomplete: ${JSON.stringify(summary.unassigned)}`);
    }
    const [strategy] = await tx
      .select({ id: strategies.id })
      .from(strategies)
      .where(eq(strategies.name, card.strategy.name));
    if (!strategy) throw new Error('strategy not created');
    // The importer gave the goal owner, coordinator and executor roles by post name; one post
    // (Naczelnik WPiR) coordinates the program and executes its task, as in the seed.
    await tx.insert(postRoles).values({ postId: adminPost.id, role: 'admin', validFrom: heldSince });

    // The history years as approved reports carrying the card's stage points (approved history,
    // DOMAIN.md). The card's indicator values stay on the card only: they were imported with it,
    // not reported, and every view and export says so (lib/reports/yearly.ts, indicatorValueSource).
    const stageRows = await tx.select({ id: stages.id }).from(stages).where(eq(stages.taskId, taskId));
    const stageIds = stageRows.map((row) => row.id);
    const cells = await tx.select().from(stageYears).where(inArray(stageYears.stageId, stageIds));
    for (const year of HISTORY_YEARS) {
      const [report] = await tx
        .insert(reports)
        .values({
          taskId,
          year,
          status: 'approved',
          narrative: '',
          submittedBy: head.id,
          submittedAt: new Date(`${year + 1}-01-31T12:00:00Z`),
        })
        .returning({ id: reports.id });
      if (!report) throw new Error('report not created');
      const yearCells = cells.filter((cell) => cell.year === year && cell.actualPoints !== null);
      if (yearCells.length > 0) {
        await tx.insert(reportStageValues).values(
          yearCells.map((cell) => ({
            reportId: report.id,
            stageId: cell.stageId,
            actualPoints: cell.actualPoints,
          })),
        );
      }
      await tx.insert(reportEvents).values({
        reportId: report.id,
        action: 'import',
        fromStatus: null,
        toStatus: 'approved',
        comment: 'Dane historyczne z karty zadania (system monitorowania 2009–2011).',
      });
    }

    await writeAudit(tx, {
      actorUserId: null,
      entity: 'strategy',
      entityId: strategy.id,
      action: 'seed_demo',
      before: null,
      after: { strategy: demoCard.strategy.name, taskId },
    });
    return true;
  });
}
