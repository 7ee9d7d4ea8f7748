/*
 * Imported by `npm run bench:profile` (scripts/bench/profile.ts) into the profiled server only: a
 * serving process (a cluster worker) that gets SIGTERM exits normally, so that `node --cpu-prof`
 * writes its profile. The supervisor keeps its own handling (it passes the signal on).
 */
import cluster from 'node:cluster';

if (!cluster.isPrimary) process.once('SIGTERM', () => process.exit(0));
