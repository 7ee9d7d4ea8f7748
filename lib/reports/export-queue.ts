import 'server-only';
import PQueue from 'p-queue';

/**
 * The council report's files (XLSX and .docx of every task, CSV of every indicator value) are built one at a
 * time per app instance. Building one takes a few hundred milliseconds of CPU and tens of MB; when
 * the whole office downloads at the deadline, builds side by side on Node's one thread would all
 * finish late together and hold their memory meanwhile. In a queue the first is ready first, the
 * memory stays bounded, and page requests keep being served between builds. Only the waiting is
 * per instance; nothing in it is state another instance needs.
 */
const exports = new PQueue({ concurrency: 1 });

export function oneExportAtATime<T>(build: () => Promise<T>): Promise<T> {
  return exports.add(build);
}
