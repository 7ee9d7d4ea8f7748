import { parseFileSegment } from '@/lib/open-data/files';
import { serveOpenData } from '@/server/open-data';

export const dynamic = 'force-dynamic';

/** /public/data/goals/{id}.json|.csv: a goal with its programs' weighted progress and status. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const file = parseFileSegment((await params).file);
  return serveOpenData(file && { kind: 'goal', ...file });
}
