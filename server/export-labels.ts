import 'server-only';
import { getLocale, getTranslations } from 'next-intl/server';
import { defaultLocale, isLocale } from '@/i18n/config';
import type { DocxLabels } from '@/lib/reports/docx';
import { docxLabels, statusLabels as statusLabelsOf } from '@/lib/reports/docx-labels';
import type { ExportLabels } from '@/lib/reports/export';

/** The request's language, Polish unless the user chose one we have. */
async function userLocale() {
  const locale = await getLocale();
  return isLocale(locale) ? locale : defaultLocale;
}

/** The schedule's and the report's states in the user's language: the export's and the print view's. */
export async function statusLabels() {
  return statusLabelsOf(await userLocale());
}

/** The export's headers in the user's language (Polish unless they chose English). */
export async function exportLabels(): Promise<ExportLabels> {
  const t = await getTranslations('export');
  const type = await getTranslations('card.indicatorType');
  const source = await getTranslations('valueSource');
  return {
    summarySheet: t('summarySheet'),
    goalSheet: (number) => t('goalSheet', { number }),
    title: (strategy, year) => t('title', { strategy, year }),
    columns: {
      goal: t('columns.goal'),
      goalTitle: t('columns.goalTitle'),
      program: t('columns.program'),
      programTitle: t('columns.programTitle'),
      task: t('columns.task'),
      executor: t('columns.executor'),
      weight: t('columns.weight'),
      progress: t('columns.progress'),
      planned: t('columns.planned'),
      status: t('columns.status'),
      yearPoints: t('columns.yearPoints'),
      yearPlanned: t('columns.yearPlanned'),
      report: t('columns.report'),
      indicator: t('columns.indicator'),
      type: t('columns.type'),
      source: t('columns.source'),
      unit: t('columns.unit'),
      year: t('columns.year'),
      target: t('columns.target'),
      targetNumber: t('columns.targetNumber'),
      actual: t('columns.actual'),
      actualNumber: t('columns.actualNumber'),
      valueSource: t('columns.valueSource'),
      yearPointsSource: t('columns.yearPointsSource'),
    },
    valueSource: {
      approved: source('approved'),
      imported: source('imported'),
      missing: source('missing'),
    },
    ...(await statusLabels()),
    notApproved: t('notApproved'),
    noTasks: (year) => t('noTasks', { year }),
    noneApproved: (year) => t('noneApproved', { year }),
    page: t('page'),
    of: t('of'),
    indicatorType: { product: type('product'), result: type('result'), impact: type('impact') },
  };
}

/** The .docx chapter's texts in the user's language; `asOf` is when its data was read. */
export async function userDocxLabels(asOf: Date): Promise<DocxLabels> {
  return docxLabels(await userLocale(), asOf);
}
