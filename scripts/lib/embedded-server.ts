import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { embeddedFolderOf, openPglite } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { seedDemoInto } from '../seed/on-start';

/*
 * The embedded database (PGlite) of `npm start`, served by the supervisor (scripts/serve.ts) on a
 * Unix socket to its serving process, which connects with postgres.js as it would to a PostgreSQL
 * server. So the engine's memory (its buffers grow by hundreds of MB under the first large write)
 * and its statements (which run synchronously on the thread that calls them) stay out of the
 * process that renders pages and streams files; a serving process that crashes loses its
 * connection, and its open transaction is rolled back, while the database stays open; and the
 * folder's lock belongs to the supervisor for the server's whole life.
 *
 * The socket lives in a private folder (mode 0700) under the system's temporary folder, so no other
 * user of the machine can connect; it is removed when the server stops.
 */

export interface EmbeddedServer {
  socketPath: string;
  stop(): Promise<void>;
}

/** PGlite serves one statement at a time; the serving process and a restarted one overlap briefly. */
const MAX_CONNECTIONS = 4;

export async function serveEmbeddedDatabase(dataDir: string, seedDemo: boolean): Promise<EmbeddedServer> {
  const database = await openPglite(embeddedFolderOf(dataDir));
  const socketFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-db-'));
  try {
    if (seedDemo) await seedDemoInto(database);
    else await migrateDatabase(database);
    // postgres.js connects to `${folder}/.s.PGSQL.${port}`, the name PostgreSQL gives its socket.
    const socketPath = path.join(socketFolder, '.s.PGSQL.5432');
    const server = new PGLiteSocketServer({
      db: database.engine!,
      path: socketPath,
      maxConnections: MAX_CONNECTIONS,
    });
    await server.start();
    let stopped: Promise<void> | undefined;
    return {
      socketPath,
      stop: () =>
        (stopped ??= (async () => {
          await server.stop();
          await database.close();
          fs.rmSync(socketFolder, { recursive: true, force: true });
        })()),
    };
  } catch (error) {
    await database.close();
    fs.rmSync(socketFolder, { recursive: true, force: true });
    throw error;
  }
}
