import { getDb } from '@/lib/db';
import { notFound } from '@/lib/errors';
import { parseId } from '@/lib/ids';
import { buildYearlyWorkbook } from '@/lib/reports/export';
import { exportLabels } from '@/server/export-labels';
import { getYearlyReport } from '@/lib/reports/yearly';
import { attachment, handleDownload } from '@/server/route-guard';
import { oneExportAtATime } from '@/lib/reports/export-queue';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string; year: string }> }) {
  const raw = await params;
  return handleDownload(async (user) => {
    // The session first (401), then the address (404).
    const id = parseId(raw.id);
    const year = /^\d{4}$/.test(raw.year) ? Number(raw.year) : null;
    if (id === null || year === null) throw notFound();
    return oneExportAtATime(async () => {
      const report = await getYearlyReport(await getDb(), user, id, year);
      const body = await buildYearlyWorkbook(report, await exportLabels());
      return new Response(new Uint8Array(body), {
        headers: {
          'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Content-Disposition': attachment(`raport-strategii-${year}.xlsx`),
          'Cache-Control': 'private, no-store',
        },
      });
    });
  });
}
