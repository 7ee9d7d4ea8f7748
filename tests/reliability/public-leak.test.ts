import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import type { Db } from '@/db/client';
import { decideReport } from '@/lib/reports/decide';
import { saveReport } from '@/lib/reports/save';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { demoUsers } from '@/scripts/seed/demo';
import { type AppServer, signInOverHttp, startAppServer } from '../support/app-server';
import type { WorkflowFixture } from '../support/fixtures';
import { callServerAction, serverActionId } from '../support/server-actions';
import { loadPeople } from '../support/workflow-db';

/*
 * Issue #21's leak test, on the production server: a published strategy whose drafts, submitted,
 * returned and accepted reports, return comments, review notes and people carry unique marker
 * strings; an anonymous client fetches every public address (the sitemap, robots.txt and every
 * link it finds from the public home pages, data files included) and none of the markers, no
 * login, no e-mail and no person's name appears anywhere. An approved indicator value shows (the
 * crawl reaches the card), and after the approval is withdrawn it is gone from every output
 * within seconds.
 */

const MARK = 'Zq7Lk';
const MARKERS = {
  draftNarrative: `${MARK}-szkic-opis`,
  draftValue: `${MARK}-szkic-wartosc`,
  returnedNarrative: `${MARK}-zwrocone-opis`,
  returnedValue: `${MARK}-zwrocone-wartosc`,
  returnComment: `${MARK}-komentarz-zwrotu`,
  submittedNarrative: `${MARK}-zlozone-opis`,
  submittedValue: `${MARK}-zlozone-wartosc`,
  reviewNote: `${MARK}-uwaga-koordynatora`,
  approvedNarrative: `${MARK}-zatwierdzone-opis-niepubliczny`,
  withdrawComment: `${MARK}-powod-wycofania`,
  personName: `Osoba ${MARK} Znacznikowa`,
  personLogin: `login.${MARK.toLowerCase()}`,
  personEmail: `${MARK.toLowerCase()}@znacznik.example`,
};
/** An approved indicator value: public until the approval is withdrawn. */
const APPROVED_VALUE = `${MARK}-zatwierdzona-wartosc`;
const YEAR = 2012;

interface Prepared {
  seedTaskId: number;
  approvedVersion: number;
  names: string[];
  logins: string[];
  emails: string[];
}

async function prepareMarkers(db: Db, fixture: WorkflowFixture, prepared: Prepared) {
  await db.insert(schema.users).values({
    login: MARKERS.personLogin,
    displayName: MARKERS.personName,
    email: MARKERS.personEmail,
    passwordHash: null,
  });
  // Every account gets an e-mail address to look for.
  await db
    .update(schema.users)
    .set({ email: sql`${schema.users.login} || '@urzad.example'` })
    .where(sql`${schema.users.email} is null`);
  const people = await loadPeople(db);
  await openReportingYear(db, people.admin!, {
    strategyId: fixture.strategyId,
    year: YEAR,
    deadline: '2099-01-31',
    coordinatorReview: true,
  });
  await openReportingYear(db, people.admin!, {
    strategyId: fixture.strategyId,
    year: YEAR + 1,
    deadline: '2099-01-31',
    coordinatorReview: true,
  });

  /** The executor's form for a task's year: the given narrative, every indicator at `value`. */
  const form = async (taskId: number, year: number, narrative: string, value: string, intent: string) => {
    const view = await getReportView(db, people.admin!, taskId, year);
    return {
      intent,
      version: view.version,
      narrative,
      // Submitting asks for every planned stage: as planned.
      stages: view.stages.map((stage) => ({
        stageId: stage.stageId,
        actual: intent === 'submit' && stage.planned ? String(stage.planned) : '',
      })),
      indicators: view.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: value,
      })),
      confirmUnplanned: false,
    };
  };
  const versionOf = async (taskId: number, year: number) =>
    (await getReportView(db, people.admin!, taskId, year)).version;

  // A draft.
  await saveReport(
    db,
    people.executor!,
    fixture.taskId,
    YEAR + 1,
    await form(fixture.taskId, YEAR + 1, MARKERS.draftNarrative, MARKERS.draftValue, 'save'),
  );
  // A report returned with a comment.
  await saveReport(
    db,
    people.executor!,
    fixture.taskId,
    YEAR,
    await form(fixture.taskId, YEAR, MARKERS.returnedNarrative, MARKERS.returnedValue, 'submit'),
  );
  await decideReport(db, people.coordinator!, fixture.taskId, YEAR, {
    action: 'return',
    version: await versionOf(fixture.taskId, YEAR),
    comment: MARKERS.returnComment,
  });
  // A report submitted and accepted with a review note, waiting for the goal owner.
  await saveReport(
    db,
    people.otherExecutor!,
    fixture.otherTaskId,
    YEAR,
    await form(fixture.otherTaskId, YEAR, MARKERS.submittedNarrative, MARKERS.submittedValue, 'submit'),
  );
  await decideReport(db, people.otherCoordinator!, fixture.otherTaskId, YEAR, {
    action: 'accept',
    version: await versionOf(fixture.otherTaskId, YEAR),
    comment: MARKERS.reviewNote,
  });
  // An approved report (the seed task's executor coordinates: it goes to the goal owner).
  await saveReport(
    db,
    people.coordinator!,
    fixture.seedTaskId,
    YEAR,
    await form(fixture.seedTaskId, YEAR, MARKERS.approvedNarrative, APPROVED_VALUE, 'submit'),
  );
  await decideReport(db, people.goalOwner!, fixture.seedTaskId, YEAR, {
    action: 'approve',
    version: await versionOf(fixture.seedTaskId, YEAR),
    comment: '',
  });
  prepared.seedTaskId = fixture.seedTaskId;
  prepared.approvedVersion = await versionOf(fixture.seedTaskId, YEAR);

  // Published since yesterday; the narratives stay private (the default).
  await db
    .update(schema.strategies)
    .set({ publishedFrom: sql`current_date - 1` })
    .where(eq(schema.strategies.id, fixture.strategyId));
  const users = await db
    .select({ login: schema.users.login, name: schema.users.displayName, email: schema.users.email })
    .from(schema.users);
  prepared.names = users.map((user) => user.name);
  // Logins that are words of the posts' titles ("sekretarz", "admin") are looked for only as
  // e-mail-like or dotted logins; every other login is looked for as it is.
  prepared.logins = users.map((user) => user.login).filter((login) => /[.\d_]/.test(login));
  prepared.emails = users.flatMap((user) => (user.email ? [user.email] : []));
}

/** Every public address an anonymous client can reach, with its body. */
async function crawl(base: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = ['/public', '/public/pl', '/public/en', '/sitemap.xml', '/robots.txt'];
  const enqueue = (href: string) => {
    let url: URL;
    try {
      url = new URL(href.replaceAll('&amp;', '&'), base);
    } catch {
      return;
    }
    if (url.origin !== new URL(base).origin) return;
    const address = url.pathname + url.search;
    if (!/^\/(public(\/|$)|sitemap\.xml|robots\.txt)/.test(url.pathname)) return;
    if (!seen.has(address) && !queue.includes(address)) queue.push(address);
  };
  while (queue.length > 0 && seen.size < 3000) {
    const address = queue.shift()!;
    const response = await fetch(`${base}${address}`, {
      redirect: 'follow',
      signal: AbortSignal.timeout(60_000),
    });
    const body = await response.text();
    seen.set(address, body);
    if (response.status !== 200) continue;
    for (const match of body.matchAll(/(?:href|src)="([^"]+)"|<loc>([^<]+)<\/loc>|Sitemap: (\S+)/g)) {
      enqueue(match[1] ?? match[2] ?? match[3]!);
    }
  }
  return seen;
}

function leaksIn(pages: Map<string, string>, prepared: Prepared, extra: string[] = []) {
  const forbidden = [
    ...Object.values(MARKERS),
    ...prepared.names,
    ...prepared.logins,
    ...prepared.emails,
    ...extra,
  ];
  const leaks: string[] = [];
  for (const [address, body] of pages) {
    for (const text of forbidden) if (body.includes(text)) leaks.push(`${address}: ${text}`);
    // Any e-mail address at all.
    const email = /[\w.+-]+@[\w-]+\.[\w.-]+/.exec(body.replace(/https?:\/\/\S+/g, ''));
    if (email) leaks.push(`${address}: e-mail ${email[0]}`);
  }
  return leaks;
}

describe('nothing that is not approved and public leaks to an anonymous visitor', () => {
  let server: AppServer;
  const prepared: Prepared = { seedTaskId: 0, approvedVersion: 0, names: [], logins: [], emails: [] };

  beforeAll(async () => {
    server = await startAppServer({
      prepare: (database, fixture) => prepareMarkers(database.db, fixture, prepared),
    });
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('crawls every public page and data file: no marker, login, e-mail or name; the approved value shows', async () => {
    const pages = await crawl(server.url);
    const addresses = [...pages.keys()];
    // The crawl reached the strategy's pages in both languages, the seed task's card and its data.
    expect(addresses.some((address) => /^\/public\/pl\/tasks\/\d+$/.test(address))).toBe(true);
    expect(addresses.some((address) => /^\/public\/en\/tasks\/\d+$/.test(address))).toBe(true);
    expect(addresses.some((address) => address.endsWith('.json'))).toBe(true);
    expect(addresses.some((address) => address.endsWith('.csv'))).toBe(true);
    expect(
      addresses.filter((address) => pages.get(address)!.includes(APPROVED_VALUE)).length,
    ).toBeGreaterThan(0);
    expect(leaksIn(pages, prepared)).toEqual([]);
  }, 600_000);

  it('after the approval is withdrawn its value is gone from every public output within 5 seconds', async () => {
    const cookie = await signInOverHttp(server.url, demoUsers.goalOwner.login);
    const answer = await callServerAction(server.url, {
      pagePath: `/tasks/${prepared.seedTaskId}/reports/${YEAR}`,
      cookie,
      actionId: serverActionId('actions/reports.ts', 'decideReportAction'),
      args: [
        prepared.seedTaskId,
        YEAR,
        { action: 'withdraw', version: prepared.approvedVersion, comment: MARKERS.withdrawComment },
      ],
    });
    expect(answer.result?.status).toBe('success');
    // The task's public card follows within 5 seconds …
    const withdrawnAt = Date.now();
    const card = `${server.url}/public/pl/tasks/${prepared.seedTaskId}`;
    let shown = true;
    while (shown && Date.now() - withdrawnAt < 5_000) {
      shown = (await (await fetch(card)).text()).includes(APPROVED_VALUE);
      if (shown) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(shown).toBe(false);
    // … and then no public output holds the value, nor anything the withdrawal said.
    expect(leaksIn(await crawl(server.url), prepared, [APPROVED_VALUE])).toEqual([]);
  }, 600_000);
});
