/*
 * The bench's floor (scripts/bench.ts, issue 28): a bare Next.js app built and started in the same
 * run as ours, so that every × column compares our pages with what the framework itself gets on
 * this machine at this hour. It lives in a temporary folder and uses the project's installed next,
 * react and react-dom (its node_modules is a link to ours): one root layout, one `force-dynamic`
 * page with a heading, a paragraph and a form, no middleware, no configuration but the bundler's
 * root. Built with `next build`, served by `next start`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './setup';

const LAYOUT = `export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`;

const PAGE = `export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <h1>A bare Next.js page</h1>
      <p>Rendered on every request, like the pages of the app.</p>
      <form method="post">
        <label>
          Login <input name="login" autoComplete="username" />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
`;

/** The deepest folder holding both paths: Turbopack reads nothing outside its root. */
function commonAncestor(a: string, b: string) {
  const first = a.split(path.sep);
  const second = b.split(path.sep);
  let k = 0;
  while (k < first.length && first[k] === second[k]) k++;
  return first.slice(0, k).join(path.sep) || path.sep;
}

const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/** The bare app: written and built in a temporary folder; `start` serves it on `port`. */
export function createBareApp(port: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-bench-bare-'));
  let server: ChildProcess | null = null;
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  delete env.NODE_OPTIONS;
  return {
    base: `http://127.0.0.1:${port}`,
    dir,
    build() {
      fs.mkdirSync(path.join(dir, 'app'));
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({ name: 'bare-next', private: true, type: 'module' }),
      );
      fs.writeFileSync(
        path.join(dir, 'next.config.mjs'),
        `export default { turbopack: { root: ${JSON.stringify(commonAncestor(dir, root))} } };\n`,
      );
      fs.writeFileSync(path.join(dir, 'app', 'layout.jsx'), LAYOUT);
      fs.writeFileSync(path.join(dir, 'app', 'page.jsx'), PAGE);
      console.log(`[bench] building the bare Next.js app in ${dir}…`);
      const built = spawnSync(process.execPath, [nextBin, 'build'], { cwd: dir, env, encoding: 'utf8' });
      if (built.status !== 0)
        throw new Error(`the bare app's build failed:\n${built.stdout}\n${built.stderr}`);
    },
    start() {
      server = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: dir,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    },
    async waitUntilUp() {
      for (let i = 0; i < 120; i++) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return;
        } catch {
          // not up yet
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error('the bare app did not start');
    },
    /** The server's resident memory, MiB. */
    memory(): number {
      try {
        const status = fs.readFileSync(`/proc/${server!.pid}/status`, 'utf8');
        return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      } catch {
        return 0;
      }
    },
    async stop() {
      const running = server;
      if (running && running.exitCode === null && running.signalCode === null) {
        running.kill('SIGTERM');
        await new Promise((resolve) => running.once('exit', resolve));
      }
      server = null;
    },
    /** Removes the app's folder (after its last `stop`). */
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type BareApp = ReturnType<typeof createBareApp>;
