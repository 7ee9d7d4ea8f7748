import type { Db } from '@/db/client';
import { addOpenYearReports } from '@/lib/reports/task-reports';
import {
  departments,
  goals,
  indicatorYears,
  indicators,
  postHolders,
  postRoles,
  posts,
  programs,
  reportingYears,
  reports,
  stageYears,
  stages,
  strategies,
  tasks,
  users,
} from '@/db/schema';
import { DEMO_PASSWORD } from '@/scripts/seed/demo';
import { hashPassword } from '@/lib/auth/password';
import { readIndicatorNumber } from '@/lib/numbers';
import type { ReportStatus } from '@/db/schema/reporting';

/*
 * A city-scale strategy for benchmarks and load tests, generated deterministically from a seed:
 * goals × programs × tasks, each task with stages whose plan sums to 100, indicators with targets
 * and actuals (text values included), people holding the posts, and reports in every state.
 */

export interface CityOptions {
  goals: number;
  programs: number;
  tasks: number;
  years: number;
  seed: number;
  startYear?: number;
}

/** mulberry32: a small, well-known deterministic PRNG. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'rozwój',
  'innowacje',
  'edukacja',
  'transport',
  'kultura',
  'zieleń',
  'mieszkalnictwo',
  'sport',
  'zdrowie',
  'przedsiębiorczość',
  'cyfryzacja',
  'energia',
];
const TEXT_VALUES = ['bd.', 'ok. 40', '48 (w tym 6 nowych)', '99 832', 'X', '64 %'];
const STATUSES: ReportStatus[] = ['draft', 'returned', 'submitted', 'accepted', 'approved'];

async function insertBatched<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 1000) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function generateCity(db: Db, options: CityOptions) {
  const rnd = random(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const startYear = options.startYear ?? 2021;
  const years = Array.from({ length: options.years }, (_, i) => startYear + i);
  const lastReportedYear = years[Math.max(0, Math.floor(years.length / 2) - 1)]!;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const since = new Date(`${startYear}-01-01T00:00:00Z`);

  const [strategy] = await db
    .insert(strategies)
    .values({
      name: `Strategia rozwoju miasta (test ${options.seed})`,
      cityName: 'Miasto Testowe',
      startYear,
      endYear: years.at(-1)!,
    })
    .returning({ id: strategies.id });
  const strategyId = strategy!.id;
  await db
    .insert(reportingYears)
    .values(
      years
        .filter((year) => year <= lastReportedYear + 1)
        .map((year) => ({ strategyId, year, deadline: `${year + 1}-03-31` })),
    );

  // As in a real city: departments and municipal units executing about 15 tasks each (Leszno has
  // some 40 for its strategy), not a handful of people carrying hundreds of tasks.
  const departmentCount = Math.max(4, Math.ceil((options.goals * options.programs * options.tasks) / 15));
  const departmentRows = await db
    .insert(departments)
    .values(
      Array.from({ length: departmentCount }, (_, i) => ({
        name: `Wydział ${i + 1} (test)`,
        abbreviation: `W${i + 1}`,
      })),
    )
    .returning({ id: departments.id });

  let personCount = 0;
  async function person(post: string, fn: string, departmentId: number | null) {
    personCount++;
    const [postRow] = await db
      .insert(posts)
      .values({ name: post, function: fn, departmentId })
      .returning({ id: posts.id });
    const [user] = await db
      .insert(users)
      .values({
        login: `city${options.seed}.u${personCount}`,
        displayName: `Osoba ${personCount}`,
        passwordHash,
        departmentId,
      })
      .returning({ id: users.id });
    await db.insert(postHolders).values({ postId: postRow!.id, userId: user!.id, validFrom: since });
    return postRow!.id;
  }
  const executorPosts: number[] = [];
  for (const department of departmentRows)
    executorPosts.push(await person(`Naczelnik wydziału ${department.id}`, 'Naczelnik', department.id));

  let taskTotal = 0;
  for (let g = 1; g <= options.goals; g++) {
    const [goal] = await db
      .insert(goals)
      .values({ strategyId, number: g, title: `Cel ${g}: ${pick(WORDS)} i ${pick(WORDS)}` })
      .returning({ id: goals.id });
    const ownerPost = await person(`Zastępca Prezydenta ${g}`, 'Zastępca Prezydenta', null);
    await db
      .insert(postRoles)
      .values({ postId: ownerPost, role: 'goal_owner', goalId: goal!.id, validFrom: since });
    for (let p = 1; p <= options.programs; p++) {
      const [program] = await db
        .insert(programs)
        .values({ goalId: goal!.id, number: p, title: `Program ${g}.${p}: ${pick(WORDS)}` })
        .returning({ id: programs.id });
      const coordinatorPost = executorPosts[(g * options.programs + p) % executorPosts.length]!;
      await db
        .insert(postRoles)
        .values({ postId: coordinatorPost, role: 'coordinator', programId: program!.id, validFrom: since });
      const taskRows = await db
        .insert(tasks)
        .values(
          Array.from({ length: options.tasks }, (_, i) => ({
            programId: program!.id,
            number: i + 1,
            title: `Zadanie ${g}.${p}.${i + 1}: ${pick(WORDS)}`,
            weight: 5 + Math.floor(rnd() * 20),
            addressees: 'Mieszkańcy',
            justification: 'Uzasadnienie testowe.',
            description: 'Opis testowy.',
          })),
        )
        .returning({ id: tasks.id });
      taskTotal += taskRows.length;
      const stageYearRows: (typeof stageYears.$inferInsert)[] = [];
      const indicatorYearRows: (typeof indicatorYears.$inferInsert)[] = [];
      const roleRows: (typeof postRoles.$inferInsert)[] = [];
      const reportRows: (typeof reports.$inferInsert)[] = [];
      for (const task of taskRows) {
        // The executor is another department than the coordinator for most tasks.
        roleRows.push({ postId: pick(executorPosts), role: 'executor', taskId: task.id, validFrom: since });
        const stageCount = 3 + Math.floor(rnd() * 3);
        const stageIds = await db
          .insert(stages)
          .values(
            Array.from({ length: stageCount }, (_, i) => ({
              taskId: task.id,
              position: i + 1,
              number: i + 1,
              name: `Etap ${i + 1}`,
            })),
          )
          .returning({ id: stages.id });
        // Spread 100 points over (stage, year) cells: each stage gets a share over a run of years.
        let left = 100;
        stageIds.forEach((stage, index) => {
          const share =
            index === stageIds.length - 1
              ? left
              : Math.max(5, Math.round((100 / stageCount) * (0.6 + rnd() * 0.8)));
          const points = Math.min(share, left);
          left -= points;
          const first = Math.floor(rnd() * (years.length - 2));
          const span = 1 + Math.floor(rnd() * 3);
          const cellYears = years.slice(first, first + span);
          let rest = points;
          cellYears.forEach((year, y) => {
            const planned =
              y === cellYears.length - 1 ? rest : Math.round((points / cellYears.length) * 2) / 2;
            rest -= planned;
            const actual =
              year <= lastReportedYear ? Math.round(planned * (0.5 + rnd() * 0.7) * 2) / 2 : null;
            stageYearRows.push({ stageId: stage.id, year, plannedPoints: planned, actualPoints: actual });
          });
        });
        const indicatorCount = 2 + Math.floor(rnd() * 3);
        const indicatorIds = await db
          .insert(indicators)
          .values(
            Array.from({ length: indicatorCount }, (_, i) => ({
              taskId: task.id,
              type: (['product', 'result', 'impact'] as const)[i % 3]!,
              position: i + 1,
              name: `Miernik ${i + 1}`,
              source: rnd() < 0.3 ? 'GUS' : 'WPiR / LCB',
            })),
          )
          .returning({ id: indicators.id });
        for (const indicator of indicatorIds) {
          for (const year of years) {
            const target = String(10 + Math.floor(rnd() * 90));
            const actual =
              year <= lastReportedYear
                ? rnd() < 0.15
                  ? pick(TEXT_VALUES)
                  : String(Math.floor(rnd() * 100))
                : null;
            indicatorYearRows.push({
              indicatorId: indicator.id,
              year,
              targetText: target,
              targetNumber: readIndicatorNumber(target),
              actualText: actual,
              actualNumber: readIndicatorNumber(actual),
            });
          }
        }
        for (const year of years.filter((candidate) => candidate <= lastReportedYear + 1)) {
          reportRows.push({
            taskId: task.id,
            year,
            status: year <= lastReportedYear - 1 ? 'approved' : pick(STATUSES),
          });
        }
      }
      await db.insert(postRoles).values(roleRows);
      await insertBatched(stageYearRows, (chunk) => db.insert(stageYears).values(chunk));
      await insertBatched(indicatorYearRows, (chunk) => db.insert(indicatorYears).values(chunk));
      await insertBatched(reportRows, (chunk) => db.insert(reports).values(chunk));
      // Any task the states above left without its open year's report gets its draft, as every task.
      await addOpenYearReports(
        db,
        taskRows.map((task) => task.id),
      );
    }
  }
  return { strategyId, tasks: taskTotal, years, people: personCount };
}
