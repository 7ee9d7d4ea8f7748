import { getDb } from '@/lib/db';
import { notFound } from '@/lib/errors';
import { parseId, parseYear } from '@/lib/ids';
import { oneExportAtATime } from '@/lib/reports/export-queue';
import { type YearlyReport, getYearlyReport } from '@/lib/reports/yearly';
import { attachment, handleDownload } from './route-guard';

/**
 * A download of the council report of a strategy's year (the XLSX, the .docx): the session first
 * (401), then the address (404), then the reader's permission in the data layer (getYearlyReport),
 * built one at a time (the export queue), sent as an attachment that no cache keeps.
 */
export async function yearlyReportDownload(
  params: Promise<{ id: string; year: string }>,
  file: { contentType: string; extension: string; build: (report: YearlyReport) => Promise<Uint8Array> },
): Promise<Response> {
  const raw = await params;
  return handleDownload(async (user) => {
    const id = parseId(raw.id);
    const year = parseYear(raw.year);
    if (id === null || year === null) throw notFound();
    return oneExportAtATime(async () => {
      const report = await getYearlyReport(await getDb(), user, id, year);
      const body = await file.build(report);
      return new Response(new Uint8Array(body), {
        headers: {
          'Content-Type': file.contentType,
          'Content-Disposition': attachment(`raport-strategii-${year}.${file.extension}`),
          'Cache-Control': 'private, no-store',
        },
      });
    });
  });
}
