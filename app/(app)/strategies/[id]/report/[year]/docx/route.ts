import { getLocale } from 'next-intl/server';
import { getDb } from '@/lib/db';
import { notFound } from '@/lib/errors';
import { parseId } from '@/lib/ids';
import { buildYearlyDocx } from '@/lib/reports/docx';
import { userDocxLabels } from '@/server/export-labels';
import { getYearlyReport } from '@/lib/reports/yearly';
import { attachment, handleDownload } from '@/server/route-guard';
import { oneExportAtATime } from '@/lib/reports/export-queue';

/** The council report's strategy chapter as an editable Word document (same checks as the XLSX). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; year: string }> }) {
  const raw = await params;
  return handleDownload(async (user) => {
    // The session first (401), then the address (404).
    const id = parseId(raw.id);
    const year = /^\d{4}$/.test(raw.year) ? Number(raw.year) : null;
    if (id === null || year === null) throw notFound();
    return oneExportAtATime(async () => {
      const report = await getYearlyReport(await getDb(), user, id, year);
      const body = await buildYearlyDocx(report, await userDocxLabels(new Date()), await getLocale());
      return new Response(new Uint8Array(body), {
        headers: {
          'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'Content-Disposition': attachment(`raport-strategii-${year}.docx`),
          'Cache-Control': 'private, no-store',
        },
      });
    });
  });
}
