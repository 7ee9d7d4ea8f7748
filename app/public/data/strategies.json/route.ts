import { serveOpenData } from '@/server/open-data';

export const dynamic = 'force-dynamic';

/** The published strategies (open data, JSON): where every other file starts. */
export function GET() {
  return serveOpenData({ kind: 'strategies' });
}
