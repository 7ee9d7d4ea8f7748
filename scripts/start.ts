/**
 * `npm start`: the whole set-up in one command. Provides a session secret when none is configured
 * (generated once, kept with the local data), checks the environment, builds when the sources
 * changed since the last build, and serves on PORT (default 3000). The server loads the demo data
 * before it serves (scripts/serve.ts) and applies the migrations at start (instrumentation.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from '../lib/env';
import { DOCUMENT_STYLES_FILE, buildDocumentStyles } from './lib/document-styles';
import { unsupportedNodeMessage } from './lib/runtime';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

// An end-of-life or untested Node still starts (a demo should not die on it), but it is said before
// the build and again before serving (the build's output would scroll the first one away).
const nodeWarning = unsupportedNodeMessage();
if (nodeWarning) {
  console.warn(`\n[monitor] WARNING: ${nodeWarning}\n`);
}

const port = process.env.PORT ?? '3000';
if (!/^\d{1,5}$/.test(port)) {
  console.error(`Invalid environment configuration:\n  PORT: must be a port number, got "${port}"`);
  process.exit(1);
}
const dataDir = process.env.DATA_DIR || 'data';

if (!process.env.NEXTAUTH_SECRET) {
  const secretFile = path.join(dataDir, 'auth-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(secretFile)) {
    fs.writeFileSync(secretFile, crypto.randomBytes(48).toString('base64url'), { mode: 0o600 });
    console.log(`[monitor] generated a session secret in ${secretFile}`);
  }
  process.env.NEXTAUTH_SECRET = fs.readFileSync(secretFile, 'utf8').trim();
}
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

try {
  parseEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const SOURCES = [
  'app',
  'actions',
  'server',
  'components',
  'lib',
  'db',
  'i18n',
  'messages',
  'public',
  'types',
];
const SOURCE_FILES = [
  'next.config.mjs',
  'package-lock.json',
  'tsconfig.json',
  'postcss.config.mjs',
  'proxy.ts',
  'instrumentation.ts',
];

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** A hash of every source file's path and content: a new build is needed when it changes. */
function sourceFingerprint(): string {
  const hash = crypto.createHash('sha256');
  const files = [...SOURCES.flatMap(listFiles), ...SOURCE_FILES.filter((file) => fs.existsSync(file))]
    // The stylesheet the build writes into public/ is an output, not a source.
    .filter((file) => file !== DOCUMENT_STYLES_FILE)
    .sort();
  for (const file of files) {
    hash.update(file);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const fingerprintFile = path.join('.next', 'monitor-source-fingerprint');
const fingerprint = sourceFingerprint();
const built =
  fs.existsSync(path.join('.next', 'BUILD_ID')) &&
  fs.existsSync(fingerprintFile) &&
  fs.readFileSync(fingerprintFile, 'utf8') === fingerprint &&
  fs.existsSync(DOCUMENT_STYLES_FILE);
if (!built) {
  console.log('[monitor] building the app (first start or sources changed)…');
  await buildDocumentStyles(root);
  const result = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(fingerprintFile, fingerprint);
}

if (nodeWarning) console.warn(`[monitor] WARNING: ${nodeWarning.split('\n')[0]}`);
console.log(`[monitor] starting on http://localhost:${port}`);
// Next's own request handler behind a bounded queue (scripts/serve.ts), as `next start` would serve.
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'serve.ts')], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production', PORT: port },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
