import 'server-only';
import pLimit from 'p-limit';

/**
 * The council report's files (XLSX of every task, CSV of every indicator value) are built one at a
 * time per app instance. Building one takes a few hundred milliseconds of CPU and tens of MB; when
 * the whole office downloads at the deadline, builds side by side on Node's one thread would all
 * finish late together and hold their memory meanwhile. In a queue the first is ready first, the
 * memory stays bounded, and page requests keep being served between builds. Only the waiting is
 * per instance; nothing in it is state another instance needs.
 */
export const oneExportAtATime = pLimit(1);
