/**
 * Runs before `npm test` (its `pretest`) and in .ci/run: makes sure the machine has what the suite
 * needs before any test starts, instead of a suite failing a minute in.
 * - a supported Node (package.json `engines`);
 * - Chromium for the end-to-end tests (the system's, or a browser Playwright installed itself);
 * - OpenLDAP's server (slapd, slapadd) for the directory sign-in tests;
 * - LibreOffice (soffice, Writer and Calc without a GUI): the council's .docx and XLSX are printed to
 *   PDF in a test and their pages counted;
 * - Liberation Sans (fonts-liberation), the font of the charts drawn as PNG (lib/charts/png.ts).
 * What is missing is installed from Debian's packages when this runs as root on Debian (as
 * `playwright install --with-deps` would); anywhere else it stops at once with the command to run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium } from '@playwright/test';
import { findProgram, findSystemChromium, OPENLDAP_PROGRAMS, unsupportedNodeMessage } from './lib/runtime';

/** The charts' font (lib/charts/png.ts looks for it first). */
const CHART_FONT_FILE = '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf';

function fail(message: string): never {
  console.error(`\n[test-prereqs] ${message}\n`);
  process.exit(1);
}

const nodeProblem = unsupportedNodeMessage();
if (nodeProblem) fail(nodeProblem);

function hasChromium(): boolean {
  if (findSystemChromium()) return true;
  if (process.env.CHROMIUM_PATH) return false;
  return fs.existsSync(chromium.executablePath());
}

function missingPackages(): string[] {
  const missing: string[] = [];
  if (!hasChromium()) missing.push('chromium');
  if (OPENLDAP_PROGRAMS.some((program) => !findProgram(program))) missing.push('slapd');
  if (!findProgram('soffice')) missing.push('libreoffice-writer-nogui', 'libreoffice-calc-nogui');
  if (!fs.existsSync(CHART_FONT_FILE)) missing.push('fonts-liberation');
  return missing;
}

let missing = missingPackages();
if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  const isDebian = fs.existsSync('/etc/debian_version') && findProgram('apt-get') !== null;
  if (process.env.CHROMIUM_PATH && missing.includes('chromium')) {
    fail(
      `CHROMIUM_PATH is set to "${process.env.CHROMIUM_PATH}", which does not exist. Correct or unset it.`,
    );
  }
  if (!isDebian) {
    fail(
      `Missing: ${missing.join(', ')}. The tests need Chromium (on PATH as chromium, or CHROMIUM_PATH, or ` +
        `\`npx playwright install chromium\`) and OpenLDAP's server (slapd and slapadd on PATH or in /usr/sbin; ` +
        `Fedora: dnf install openldap-servers; macOS: brew install openldap, then add its sbin folder to PATH), ` +
        `LibreOffice (soffice on PATH) and the Liberation Sans font (${CHART_FONT_FILE}).`,
    );
  }
  const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing.join(' ')}`;
  if (!isRoot) fail(`Missing: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`);
  console.log(`[test-prereqs] installing from Debian's packages: ${missing.join(', ')}`);
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...missing],
  ]) {
    const result = spawnSync('apt-get', args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0)
      fail(`apt-get ${args.join(' ')} failed (exit ${result.status}). Run: ${command}`);
  }
  missing = missingPackages();
  if (missing.length > 0) fail(`Still missing after the install: ${missing.join(', ')}. Run: ${command}`);
}

const browser = findSystemChromium() ?? chromium.executablePath();
const version = spawnSync(browser, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(
  `[test-prereqs] Node ${process.versions.node}; ${version || browser}; OpenLDAP ${findProgram('slapd')}`,
);
