import { describe, expect, it } from 'vitest';
import {
  type YearlyDocumentText,
  refusalDocument,
  yearlyReportDocument,
} from '@/components/reports/yearly-document';
import { statusLabels } from '@/lib/reports/docx-labels';
import type { YearlyGoalRow, YearlyReport, YearlyTaskRow } from '@/lib/reports/yearly';

/*
 * The council report's print view as a document (components/reports/yearly-document.ts): what the
 * browser tests cannot cheaply try, every name from the database as a hostile one, and the shape a
 * screen reader and the print rules rely on. The rows themselves: tests/unit/yearly-rows.test.ts.
 */

const HOSTILE = '<img src=x onerror=alert(1)>"\'&';
const ESCAPED = '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;';

const text: YearlyDocumentText = {
  rows: {
    ...statusLabels('pl'),
    valueSource: { approved: 'zatwierdzone', imported: 'z karty (import)', missing: 'brak' },
    importedShort: 'z karty (import)',
    notApproved: 'niezatwierdzone',
  },
  appName: 'Monitor Strategii',
  skipToContent: 'Przejdź do treści',
  print: 'Drukuj',
  title: 'Realizacja strategii w 2011 r.',
  years: 'Lata raportu',
  downloadXlsx: 'Pobierz XLSX',
  downloadDocx: 'Pobierz DOCX (Word)',
  downloadCsv: 'Mierniki (CSV)',
  intro: 'Liczą się tylko dane zatwierdzone.',
  legend: 'Przy każdej wartości podano jej status.',
  owner: 'Szef celu',
  coordinator: 'Koordynator',
  goalLabel: (number) => `Cel ${number}`,
  progressToDate: (actual, planned) => `Postęp: ${actual} (plan: ${planned})`,
  tasksCaption: (number) => `Zadania programu ${number} w 2011 r.`,
  indicatorsCaption: (number) => `Mierniki programu ${number} w 2011 r.`,
  taskColumns: [
    'Zadanie',
    'Realizator',
    'Waga',
    'Postęp',
    'Plan',
    'Harmonogram',
    'Punkty 2011',
    'Sprawozdanie',
  ],
  indicatorColumns: ['Zadanie', 'Miernik', 'Źródło', 'Wartość docelowa', 'Wartość osiągnięta', 'Status'],
};

function task(id: number, indicators: YearlyTaskRow['indicators']): YearlyTaskRow {
  return {
    id,
    number: 1,
    title: HOSTILE,
    weight: 100,
    executor: HOSTILE,
    progress: 86,
    schedule: {
      status: 'behind',
      asOfYear: 2011,
      cumulativePlanned: 100,
      cumulativeActual: 86,
      difference: -14,
    },
    yearPlanned: 20,
    yearActual: 20,
    reportStatus: 'approved',
    approved: true,
    narrative: null,
    pointsSource: 'approved',
    indicators,
  };
}

function goal(id: number, withIndicators: boolean): YearlyGoalRow {
  const indicators: YearlyTaskRow['indicators'] = withIndicators
    ? [
        {
          id: 1,
          name: HOSTILE,
          unit: HOSTILE,
          source: HOSTILE,
          targetText: HOSTILE,
          actualText: HOSTILE,
          actualSource: 'approved',
        } as YearlyTaskRow['indicators'][number],
      ]
    : [];
  return {
    id,
    number: id,
    title: HOSTILE,
    owner: HOSTILE,
    progress: 86,
    plannedToDate: 100,
    status: 'behind',
    programs: [
      {
        id: id * 10,
        number: 3,
        title: HOSTILE,
        coordinator: HOSTILE,
        progress: null,
        plannedToDate: null,
        status: 'on',
        tasks: [task(id * 100, indicators)],
      },
    ],
  };
}

const report: YearlyReport = {
  strategy: {
    id: 4,
    name: HOSTILE,
    cityName: HOSTILE,
    startYear: 2009,
    endYear: 2013,
    publishNarratives: false,
  },
  year: 2011,
  deadline: null,
  goals: [goal(1, true), goal(2, false)],
  counts: { tasks: 2, approved: 2 },
};

const options = { locale: 'pl', nonce: 'bm9uY2U=', stylesheet: '/styles/app.css' };

describe("the council report's print view as a document", () => {
  const html = yearlyReportDocument(report, text, options);

  it('escapes every name from the database: no markup of its own, one script, the one with the nonce', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain(HOSTILE);
    // The strategy (title, back link, heading line), the city, both goals and programs with their
    // owners and coordinators, the tasks' titles and executors, the indicators' five texts.
    expect(html.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(3 + 1 + 2 * 4 + 2 * 2 + 5);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="bm9uY2U=">');
    expect(html).toContain(`<title>Realizacja strategii w 2011 r. · ${ESCAPED} · Monitor Strategii</title>`);
  });

  it('is a whole page: its language, the app stylesheet, a skip link to the main content', () => {
    expect(html.startsWith('<!DOCTYPE html><html lang="pl">')).toBe(true);
    expect(html).toContain('<link rel="stylesheet" href="/styles/app.css">');
    expect(html).toContain('<a href="#main" class="no-print sr-only');
    expect(html).toContain('<main id="main" tabindex="-1" class="yearly-report ');
    expect(html).toMatch(/<\/main><script nonce="bm9uY2U=">[^<]*<\/script><\/body><\/html>$/);
  });

  it('names the year it shows among the strategy years, and links the others and the downloads', () => {
    expect(html).toContain(
      '<span aria-current="page" class="rounded bg-brand-700 px-2 py-0.5 font-semibold text-white">2011</span>',
    );
    for (const other of [2009, 2010, 2012, 2013])
      expect(html).toContain(`href="/strategies/4/report/${other}"`);
    expect(html).not.toContain('href="/strategies/4/report/2011"');
    for (const file of ['report/2011/xlsx', 'report/2011/docx', 'indicators.csv'])
      expect(html).toContain(`href="/strategies/4/${file}"`);
  });

  it("has a section per goal, a new printed page from the second, and each program's tables with captions and column headers", () => {
    expect(html.match(/<section aria-labelledby="goal-\d+"/g)).toEqual([
      '<section aria-labelledby="goal-1"',
      '<section aria-labelledby="goal-2"',
    ]);
    expect(html).toContain('<section aria-labelledby="goal-1" class="space-y-4">');
    expect(html).toContain('<section aria-labelledby="goal-2" class="space-y-4 print-break-before">');
    expect(html).toContain(`<h2 id="goal-1" class="text-xl font-semibold">Cel I – ${ESCAPED}</h2>`);
    expect(html).toContain(`<h3 id="program-10" class="font-semibold">3. ${ESCAPED}</h3>`);
    // Program 3 of goal 1 has an indicator, goal 2's has none: two task tables, one indicator table.
    expect(html.match(/<caption class="sr-only">[^<]*<\/caption>/g)).toEqual([
      '<caption class="sr-only">Zadania programu 3 w 2011 r.</caption>',
      '<caption class="sr-only">Mierniki programu 3 w 2011 r.</caption>',
      '<caption class="sr-only">Zadania programu 3 w 2011 r.</caption>',
    ]);
    expect(html.match(/<th scope="col"/g)).toHaveLength(8 + 6 + 8);
    expect(html).toContain('<th scope="col" class="py-2 pr-3 text-right">Waga</th>');
    // A program with no progress yet shows the dash, not 0 %.
    expect(html).toContain('<span>Postęp: – (plan: –)</span>');
    expect(html).toContain('<span data-testid="goal-progress-1">Postęp: 86% (plan: 100%)</span>');
  });
});

describe('a refusal as a document', () => {
  it('says what happened, links home, and runs no script', () => {
    const html = refusalDocument(
      {
        title: 'Brak dostępu',
        text: 'Nie masz uprawnień <do> tej strony.',
        backHome: 'Wróć na stronę główną',
        appName: 'Monitor Strategii',
        skipToContent: 'Przejdź do treści',
      },
      { locale: 'pl', stylesheet: '/styles/app.css' },
    );
    expect(html).toContain('<title>Brak dostępu · Monitor Strategii</title>');
    expect(html).toContain('<h1 class="text-2xl font-semibold">Brak dostępu</h1>');
    expect(html).toContain('Nie masz uprawnień &lt;do&gt; tej strony.');
    expect(html).toContain('<a href="/" class="text-brand-700 underline">Wróć na stronę główną</a>');
    expect(html).not.toContain('<script');
  });
});
