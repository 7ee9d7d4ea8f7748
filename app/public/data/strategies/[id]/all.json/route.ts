import { parseId } from '@/lib/ids';
import { serveOpenData } from '@/server/open-data';

export const dynamic = 'force-dynamic';

/** /public/data/strategies/{id}/all.json: the whole strategy, every goal, program and task card. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const strategyId = parseId((await params).id);
  return serveOpenData(strategyId === null ? null : { kind: 'all', strategyId });
}
