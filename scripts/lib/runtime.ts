/**
 * What the app and its tests need from the machine, found in one place: the supported Node lines
 * (read from package.json's `engines`), Chromium for the end-to-end tests and OpenLDAP's server for
 * the directory sign-in tests. Used by `npm start` (scripts/start.ts), by the check that runs before
 * `npm test` (scripts/test-prereqs.ts), by playwright.config.ts and by tests/support/slapd.ts.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The Node major versions package.json's `engines.node` names, e.g. "^24.11.0 || ^26.0.0" → [24, 26]. */
export function supportedNodeMajors(): number[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    engines?: { node?: string };
  };
  const range = pkg.engines?.node ?? '';
  return [...range.matchAll(/\^(\d+)\./g)].map((match) => Number(match[1]));
}

/** Null when this Node is supported, else a sentence saying which one runs and which are supported. */
export function unsupportedNodeMessage(version: string = process.versions.node): string | null {
  const majors = supportedNodeMajors();
  const major = Number(version.split('.')[0]);
  if (majors.includes(major)) return null;
  return (
    `Node ${version} is not supported: Monitor Strategii runs on Node ${majors.join(' or ')} (LTS; see .nvmrc).\n` +
    `  With nvm:                 nvm install && nvm use\n` +
    `  From the npm registry:    npm install --prefix "$HOME/.node24" node@24 && export PATH="$HOME/.node24/node_modules/.bin:$PATH"`
  );
}

/** Directories searched for a program: PATH, then where Debian puts servers (a non-root PATH lacks sbin). */
function searchPath(): string[] {
  return [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'].filter(Boolean);
}

/** The full path of an executable program, or null. */
export function findProgram(name: string): string | null {
  for (const dir of searchPath()) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * The Chromium the end-to-end tests drive: CHROMIUM_PATH, else the system's (Debian's
 * /usr/bin/chromium, found on PATH), else null — Playwright then uses a browser of its own if one
 * was installed with `npx playwright install chromium` (which cannot download on our machines).
 */
export function findSystemChromium(): string | null {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return fs.existsSync(configured) ? configured : null;
  for (const name of ['chromium', 'chromium-browser']) {
    const found = findProgram(name);
    if (found) return found;
  }
  return null;
}

/** OpenLDAP's programs the directory tests run: the server and its offline loader. */
export const OPENLDAP_PROGRAMS = ['slapd', 'slapadd'] as const;
