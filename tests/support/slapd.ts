import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findProgram } from '../../scripts/lib/runtime';
import { freePort } from './app-server';

/**
 * A real OpenLDAP server (Debian's `slapd`) of our own for the directory sign-in tests: its own
 * folder, configuration and port, started for a test file and removed after it. The office's
 * directory as a city has it: people under ou=people, and a service account for searches.
 */
export const DIRECTORY = {
  suffix: 'dc=leszno,dc=test',
  people: 'ou=people,dc=leszno,dc=test',
  serviceDn: 'cn=monitor,dc=leszno,dc=test',
  servicePassword: 'konto-uslugowe-123',
  /** People in the directory: uid → password. */
  accounts: {
    'j.kowalska': 'haslo-z-domeny-Leszno',
    'a.nowak': 'inne-haslo-z-domeny',
  },
} as const;

function binary(name: string): string {
  const found = findProgram(name);
  if (found) return found;
  throw new Error(
    `${name} not found: the directory sign-in tests need OpenLDAP's server (npm test installs it; see README)`,
  );
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`slapd did not listen on ${port} within 15 s:\n${log()}`);
}

function entries(extra: string): string {
  const people = Object.entries(DIRECTORY.accounts)
    .map(
      ([uid, password]) => `dn: uid=${uid},${DIRECTORY.people}
objectClass: inetOrgPerson
uid: ${uid}
cn: ${uid}
sn: ${uid}
userPassword: ${password}
`,
    )
    .join('\n');
  return `dn: ${DIRECTORY.suffix}
objectClass: dcObject
objectClass: organization
o: Urzad Miasta Leszna
dc: leszno

dn: ${DIRECTORY.people}
objectClass: organizationalUnit
ou: people

dn: ${DIRECTORY.serviceDn}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: monitor
userPassword: ${DIRECTORY.servicePassword}

${people}
${extra}`;
}

export interface Slapd {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts slapd on a free port of 127.0.0.1 with the people above (and `extraLdif`, more entries).
 * Anonymous searches are allowed (OpenLDAP's default); passwords are compared by the server.
 */
export async function startSlapd(extraLdif = ''): Promise<Slapd> {
  const slapd = binary('slapd');
  const slapadd = binary('slapadd');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ms-slapd-'));
  mkdirSync(path.join(dir, 'data'));
  const conf = path.join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile ${dir}/slapd.pid
database mdb
maxsize 10485760
suffix "${DIRECTORY.suffix}"
rootdn "cn=admin,${DIRECTORY.suffix}"
directory ${dir}/data
`,
  );
  writeFileSync(path.join(dir, 'data.ldif'), entries(extraLdif));
  execFileSync(slapadd, ['-f', conf, '-l', path.join(dir, 'data.ldif')], { stdio: 'pipe' });
  const port = await freePort();
  let output = '';
  // -d 0: stay in the foreground (no fork), so that the test owns the process.
  const child = spawn(slapd, ['-f', conf, '-h', `ldap://127.0.0.1:${port}/`, '-d', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitForPort(port, child, () => output);
  return {
    url: `ldap://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
