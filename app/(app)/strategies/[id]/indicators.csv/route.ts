import { getDb } from '@/lib/db';
import { notFound } from '@/lib/errors';
import { parseId } from '@/lib/ids';
import { indicatorValuesCsv } from '@/lib/reports/export';
import { exportLabels } from '@/server/export-labels';
import { listIndicatorValues } from '@/lib/reports/indicator-values';
import { attachment, handleDownload } from '@/server/route-guard';
import { oneExportAtATime } from '@/lib/reports/export-queue';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const rawId = (await params).id;
  return handleDownload(async (user) => {
    // The session first (401), then the address (404).
    const id = parseId(rawId);
    if (id === null) throw notFound();
    return oneExportAtATime(async () => {
      const rows = await listIndicatorValues(await getDb(), user, id);
      return new Response(indicatorValuesCsv(rows, await exportLabels()), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': attachment('mierniki.csv'),
          'Cache-Control': 'private, no-store',
        },
      });
    });
  });
}
