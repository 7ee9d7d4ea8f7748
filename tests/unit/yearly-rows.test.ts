import { describe, expect, it } from 'vitest';
import { type YearlyRowLabels, indicatorRowsHtml, taskRowsHtml } from '@/components/reports/yearly-rows';
import type { YearlyTaskRow } from '@/lib/reports/yearly';

const labels: YearlyRowLabels = {
  schedule: {
    behind: 'Opóźnione',
    on: 'Zgodnie z planem',
    ahead: 'Przed planem',
    not_started: 'Nie rozpoczęte',
  },
  reportStatus: {
    draft: 'Wersja robocza',
    returned: 'Zwrócone',
    submitted: 'Złożone',
    accepted: 'Przyjęte',
    approved: 'Zatwierdzone',
  },
  valueSource: { approved: 'zatwierdzone', imported: 'z karty (import)', missing: 'brak' },
  importedShort: 'z karty (import)',
  notApproved: 'niezatwierdzone',
};

function task(overrides: Partial<YearlyTaskRow>): YearlyTaskRow {
  return {
    id: 7,
    number: 1,
    title: 'Współpraca <b>„potrójnej spirali”</b> & biznes',
    weight: 100,
    executor: 'Wydział "Promocji" – Naczelnik',
    progress: 86,
    schedule: {
      status: 'behind',
      asOfYear: 2013,
      cumulativePlanned: 100,
      cumulativeActual: 86,
      difference: -14,
    },
    yearPlanned: 9.5,
    yearActual: 6.5,
    reportStatus: 'draft',
    approved: false,
    narrative: null,
    pointsSource: 'imported',
    indicators: [],
    ...overrides,
  };
}

describe("the council report's rows as HTML", () => {
  it('writes a task row cell by cell, as the print view shows it', () => {
    const html = taskRowsHtml([task({})], labels, 'pl');
    expect(html.startsWith('<tr data-testid="task-row-7"><th scope="row">1. ')).toBe(true);
    const cells = [...html.matchAll(/<(?:td|th)[^>]*>(.*?)<\/(?:td|th)>/g)].map((match) =>
      match[1]!.replace(/<span aria-hidden="true">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, '|'),
    );
    expect(cells).toEqual([
      '1. Współpraca &lt;b&gt;„potrójnej spirali”&lt;/b&gt; &amp; biznes',
      'Wydział &quot;Promocji&quot; – Naczelnik',
      '100%',
      '86%',
      '100%',
      '|Opóźnione|',
      '6,5/9,5%|z karty (import)|',
      '||Wersja robocza|||niezatwierdzone|',
    ]);
    // The year without points, an approved report, no executor.
    const other = taskRowsHtml(
      [
        task({
          yearPlanned: 0,
          yearActual: 0,
          pointsSource: 'approved',
          reportStatus: 'approved',
          approved: true,
          executor: null,
        }),
      ],
      labels,
      'en',
    );
    expect(other).toContain('<td>—</td>');
    expect(other).toContain('<td class="num">-</td>');
    expect(other).toContain('Zatwierdzone');
    expect(other).not.toContain('niezatwierdzone');
    expect(other).not.toContain('z karty');
  });

  it('writes each indicator with its unit and where its value comes from, every text escaped', () => {
    const html = indicatorRowsHtml(
      [
        task({
          number: 3,
          indicators: [
            {
              id: 11,
              type: 'product',
              name: 'Liczba <script>alert(1)</script>',
              source: "O'Brien & syn",
              unit: 'szt.',
              targetText: '20',
              targetNumber: 20,
              actualText: null,
              actualNumber: null,
              actualSource: 'missing',
            },
          ],
        }),
      ],
      labels,
    );
    expect(html).not.toContain('<script>');
    expect(html).toBe(
      '<tr data-testid="indicator-row-11"><td>3.</td>' +
        '<th scope="row">Liczba &lt;script&gt;alert(1)&lt;/script&gt;<span class="text-slate-700"> (szt.)</span></th>' +
        '<td>O&#39;Brien &amp; syn</td><td>20</td><td>—</td>' +
        '<td data-testid="value-source"><span class="text-xs text-slate-700">brak</span></td></tr>',
    );
  });
});
