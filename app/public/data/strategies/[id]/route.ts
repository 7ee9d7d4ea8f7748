import { parseFileSegment } from '@/lib/open-data/files';
import { serveOpenData } from '@/server/open-data';

export const dynamic = 'force-dynamic';

/** /public/data/strategies/{id}.json|.csv: the goals and programs with weighted progress and status. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const file = parseFileSegment((await params).id);
  return serveOpenData(file && { kind: 'strategy', ...file });
}
