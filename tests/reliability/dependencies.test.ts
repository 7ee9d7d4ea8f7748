import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { recordFigures } from '../support/figures';

/*
 * The production dependencies against the npm advisory database (`npm audit --omit=dev`): no high
 * or critical vulnerability. An audit that cannot reach the advisory endpoint fails the run — an
 * unchecked dependency tree is not a clean one.
 */

const root = path.resolve(import.meta.dirname, '../..');
const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
type Severity = (typeof SEVERITIES)[number];

interface AuditReport {
  vulnerabilities?: Record<string, { severity: Severity; via: unknown[]; fixAvailable?: unknown }>;
  metadata?: {
    vulnerabilities: Record<Severity | 'total', number>;
    dependencies?: { prod?: number; total?: number };
  };
  message?: string;
  error?: { summary?: string; detail?: string };
}

it('npm audit --omit=dev finds no high or critical vulnerability', () => {
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  let report: AuditReport | undefined;
  try {
    report = JSON.parse(result.stdout) as AuditReport;
  } catch {
    report = undefined;
  }
  if (!report?.metadata?.vulnerabilities) {
    const reason =
      report?.message ??
      report?.error?.summary ??
      (result.error?.message || result.stderr.trim().split('\n').slice(-3).join(' ') || 'no report');
    recordFigures('dependencies', 'Dependencies (npm audit --omit=dev)', [
      `- **Not checked**: npm audit could not query the registry's advisory endpoint (${reason}). The run fails until it can.`,
    ]);
    throw new Error(
      `npm audit could not query the registry's advisory endpoint, so the dependencies are unchecked: ${reason}. ` +
        'Run it where https://registry.npmjs.org/-/npm/v1/security/advisories/bulk accepts POST requests.',
    );
  }

  const counts = report.metadata.vulnerabilities;
  const serious = Object.entries(report.vulnerabilities ?? {})
    .filter(([, entry]) => entry.severity === 'high' || entry.severity === 'critical')
    .map(([name, entry]) => `${name} (${entry.severity})`);
  const production = report.metadata.dependencies?.prod;
  recordFigures('dependencies', 'Dependencies (npm audit --omit=dev)', [
    `Production dependencies checked against the npm advisory database${production === undefined ? '' : `: ${production} packages`}.`,
    '',
    '| severity | packages affected |',
    '| --- | --- |',
    ...SEVERITIES.map((severity) => `| ${severity} | ${counts[severity] ?? 0} |`),
    '',
    serious.length === 0
      ? '- No high or critical vulnerability.'
      : `- High or critical: ${serious.join(', ')}.`,
  ]);
  expect(serious, `high or critical vulnerabilities: ${serious.join(', ')}`).toEqual([]);
  expect((counts.high ?? 0) + (counts.critical ?? 0)).toBe(0);
});
