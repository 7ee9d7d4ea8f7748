import { parseFileSegment } from '@/lib/open-data/files';
import { serveOpenData } from '@/server/open-data';

export const dynamic = 'force-dynamic';

/** /public/data/programs/{id}.json|.csv: a program's tasks: weight, progress, plan to date, schedule status. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const file = parseFileSegment((await params).file);
  return serveOpenData(file && { kind: 'program', ...file });
}
