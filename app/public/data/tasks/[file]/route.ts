import { parseFileSegment } from '@/lib/open-data/files';
import { serveOpenData } from '@/server/open-data';

export const dynamic = 'force-dynamic';

/** /public/data/tasks/{id}.json|.csv: the task card: stages × years, indicators, partners, funding. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const file = parseFileSegment((await params).file);
  return serveOpenData(file && { kind: 'task', ...file });
}
