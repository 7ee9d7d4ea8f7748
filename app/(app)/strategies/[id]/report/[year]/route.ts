import { headers } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import { DOCUMENT_STYLESHEET } from '@/components/reports/document-stylesheet';
import {
  type YearlyDocumentText,
  refusalDocument,
  yearlyReportDocument,
} from '@/components/reports/yearly-document';
import { getDb } from '@/lib/db';
import { isPublicError } from '@/lib/errors';
import { parseId, parseYear } from '@/lib/ids';
import { NONCE_HEADER } from '@/lib/http/front-door';
import { type YearlyReport, getYearlyReport } from '@/lib/reports/yearly';
import { requirePageUser } from '@/server/current-user';
import { statusLabels } from '@/server/export-labels';

/**
 * The strategy chapter of the council's report for one year, laid out for A4, as a page would
 * answer: no session, the sign-in page; the reader's permission and the record checked in the data
 * layer (getYearlyReport), a 403 or 404 document otherwise; the document itself in the user's
 * language, kept by no cache. A plain HTML document (components/reports/yearly-document.ts), not an
 * App Router page: a city's 600 tasks come without a React payload that repeats them.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; year: string }> }) {
  const raw = await params;
  const user = await requirePageUser();
  const locale = await getLocale();
  const id = parseId(raw.id);
  const year = parseYear(raw.year);
  if (id === null || year === null) return refusal('not_found', locale);
  let report: YearlyReport;
  try {
    report = await getYearlyReport(await getDb(), user, id, year);
  } catch (error) {
    if (isPublicError(error) && (error.code === 'forbidden' || error.code === 'not_found'))
      return refusal(error.code, locale);
    throw error;
  }
  const nonce = (await headers()).get(NONCE_HEADER) ?? '';
  const html = yearlyReportDocument(report, await documentText(report), {
    locale,
    nonce,
    stylesheet: DOCUMENT_STYLESHEET,
  });
  return new Response(html, { headers: HTML_HEADERS });
}

const HTML_HEADERS = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store' };

/** The document's words in the user's language, each message translated once. */
async function documentText(report: YearlyReport): Promise<YearlyDocumentText> {
  const t = await getTranslations('yearly');
  const s = await getTranslations('strategy');
  const v = await getTranslations('valueSource');
  const c = await getTranslations('common');
  const { year } = report;
  return {
    rows: {
      ...(await statusLabels()),
      valueSource: {
        approved: v('approvedShort'),
        imported: v('importedShort'),
        missing: v('missingShort'),
      },
      importedShort: v('importedShort'),
      notApproved: t('notApproved'),
    },
    appName: c('appName'),
    skipToContent: c('skipToContent'),
    print: c('print'),
    title: t('title', { year }),
    years: t('years'),
    downloadXlsx: t('downloadXlsx'),
    downloadDocx: t('downloadDocx'),
    downloadCsv: t('downloadCsv'),
    intro: t('intro', { approved: report.counts.approved, tasks: report.counts.tasks, year }),
    legend: v('legend'),
    owner: s('owner'),
    coordinator: s('coordinator'),
    goalLabel: (number) => s('goalLabel', { number }),
    progressToDate: (actual, planned) => t('progressToDate', { actual, planned }),
    tasksCaption: (number) => t('tasksCaption', { number, year }),
    indicatorsCaption: (number) => t('indicatorsCaption', { number, year }),
    taskColumns: [
      t('task'),
      t('executor'),
      t('weight'),
      t('progress'),
      t('planned'),
      t('schedule'),
      t('yearPoints', { year }),
      t('report'),
    ],
    indicatorColumns: [t('task'), t('indicator'), t('source'), t('target'), t('actual'), v('column')],
  };
}

/** The refusal page's words (components/layout/forbidden.tsx, app/not-found.tsx) as a document. */
async function refusal(code: 'forbidden' | 'not_found', locale: string): Promise<Response> {
  const c = await getTranslations('common');
  const html = refusalDocument(
    {
      title: code === 'forbidden' ? c('forbiddenTitle') : c('notFoundTitle'),
      text: code === 'forbidden' ? c('forbiddenText') : c('notFoundText'),
      backHome: c('backHome'),
      appName: c('appName'),
      skipToContent: c('skipToContent'),
    },
    { locale, stylesheet: DOCUMENT_STYLESHEET },
  );
  return new Response(html, { status: code === 'forbidden' ? 403 : 404, headers: HTML_HEADERS });
}
