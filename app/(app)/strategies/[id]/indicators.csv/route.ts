import { getDb } from '@/lib/db';
import { parseId } from '@/lib/ids';
import { indicatorValuesCsv } from '@/lib/reports/export';
import { exportLabels } from '@/server/export-labels';
import { listIndicatorValues } from '@/lib/reports/indicator-values';
import { attachment, handleDownload, refusal } from '@/server/route-guard';
import { oneExportAtATime } from '@/lib/reports/export-queue';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = parseId((await params).id);
  if (id === null) return refusal('not_found');
  return handleDownload((user) =>
    oneExportAtATime(async () => {
      const rows = await listIndicatorValues(await getDb(), user, id);
      return new Response(indicatorValuesCsv(rows, await exportLabels()), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': attachment('mierniki.csv'),
          'Cache-Control': 'private, no-store',
        },
      });
    }),
  );
}
