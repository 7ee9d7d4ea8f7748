import { parseId } from '@/lib/ids';
import { parseFileSegment } from '@/lib/open-data/files';
import { serveOpenData } from '@/server/open-data';

export const dynamic = 'force-dynamic';

/** /public/data/strategies/{id}/years/{year}.json|.csv: a year of the strategy, task by task. */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string; file: string }> },
) {
  const { id, file } = await params;
  const strategyId = parseId(id);
  const year = parseFileSegment(file);
  return serveOpenData(
    strategyId === null || year === null
      ? null
      : { kind: 'year', strategyId, year: year.id, format: year.format },
  );
}
