import { pingDatabase } from '@/lib/db';

export const dynamic = 'force-dynamic';

/** Liveness and database check for load balancers: one `select 1`. */
export async function GET() {
  try {
    await pingDatabase();
    return Response.json({ status: 'ok' });
  } catch {
    return Response.json({ status: 'unavailable' }, { status: 503 });
  }
}
