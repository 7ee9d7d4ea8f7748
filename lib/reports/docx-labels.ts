import { createTranslator } from 'next-intl';
import type { Locale } from '@/i18n/config';
import en from '@/messages/en.json';
import pl from '@/messages/pl.json';
import type { DocxLabels } from './docx';

// The chapter's texts from the message files, outside a request as well: the route passes the
// user's language, the bench and the tests a language of their own.

/**
 * The schedule's and the report's states in a language: one place for the .docx chapter, the XLSX
 * export and the print view (server/export-labels.ts).
 */
export function statusLabels(locale: Locale): Pick<DocxLabels, 'schedule' | 'reportStatus'> {
  const messages = locale === 'pl' ? pl : en;
  const status = createTranslator({ locale, messages, namespace: 'status' });
  const reportStatus = createTranslator({ locale, messages, namespace: 'reportStatus' });
  return {
    schedule: {
      behind: status('behind'),
      on: status('on'),
      ahead: status('ahead'),
      not_started: status('not_started'),
    },
    reportStatus: {
      draft: reportStatus('draft'),
      submitted: reportStatus('submitted'),
      accepted: reportStatus('accepted'),
      approved: reportStatus('approved'),
      returned: reportStatus('returned'),
    },
  };
}

/** The .docx chapter's texts in the user's language; `asOf` is when its data was read. */
export function docxLabels(locale: Locale, asOf: Date): DocxLabels {
  const messages = locale === 'pl' ? pl : en;
  const t = createTranslator({ locale, messages, namespace: 'export.docx' });
  const exported = createTranslator({ locale, messages, namespace: 'export' });
  const yearly = createTranslator({ locale, messages, namespace: 'yearly' });
  const columns = createTranslator({ locale, messages, namespace: 'export.columns' });
  const strategy = createTranslator({ locale, messages, namespace: 'strategy' });
  const source = createTranslator({ locale, messages, namespace: 'valueSource' });
  const type = createTranslator({ locale, messages, namespace: 'card.indicatorType' });
  return {
    title: (year) => yearly('title', { year }),
    dataAsOf: t('dataAsOf', {
      date: new Intl.DateTimeFormat(locale === 'pl' ? 'pl-PL' : 'en-GB', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'Europe/Warsaw',
      }).format(asOf),
    }),
    intro: (counts) => yearly('intro', counts),
    legend: source('legend'),
    toc: t('toc'),
    tocHint: t('tocHint'),
    noTasks: (year) => exported('noTasks', { year }),
    noneApproved: (year) => exported('noneApproved', { year }),
    goalHeading: (code, title) => t('goalHeading', { code, title }),
    programHeading: (code, title) => t('programHeading', { code, title }),
    taskHeading: (code, title) => t('taskHeading', { code, title }),
    owner: strategy('owner'),
    coordinator: strategy('coordinator'),
    executor: t('executor'),
    progressToDate: (actual, planned) => yearly('progressToDate', { actual, planned }),
    ...statusLabels(locale),
    notApproved: yearly('notApproved'),
    noReport: t('noReport'),
    report: t('report'),
    columns: {
      program: columns('program'),
      task: columns('task'),
      executor: columns('executor'),
      weight: columns('weight'),
      progress: columns('progress'),
      planned: columns('planned'),
      schedule: columns('status'),
      yearPoints: (year) => yearly('yearPoints', { year }),
      report: columns('report'),
      indicator: columns('indicator'),
      type: columns('type'),
      unit: columns('unit'),
      source: columns('source'),
      target: columns('target'),
      actual: columns('actual'),
      valueSource: source('column'),
    },
    total: t('total'),
    noPrograms: t('noPrograms'),
    noProgramTasks: t('noProgramTasks'),
    noIndicators: t('noIndicators'),
    narrative: t('narrative'),
    valueSource: {
      approved: source('approved'),
      imported: source('imported'),
      missing: source('missing'),
    },
    importedPoints: t('importedPoints'),
    indicatorType: { product: type('product'), result: type('result'), impact: type('impact') },
    figure: (number, text) => t('figure', { number, text }),
    table: (number, text) => t('table', { number, text }),
    goalChart: {
      title: (code, year) => t('goalChartTitle', { code, year }),
      description: t('goalChartDescription'),
      caption: t('goalChartCaption'),
    },
    programChart: {
      title: (code, year) => t('programChartTitle', { code, year }),
      description: t('programChartDescription'),
      caption: t('programChartCaption'),
    },
    series: { planned: t('seriesPlanned'), actual: t('seriesActual') },
    page: exported('page'),
    of: exported('of'),
  };
}
