import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveImport, root } from '../support/imports';

/*
 * Issue 28: the validation code (zod, @hookform/resolvers and the schemas built with them) loads
 * when a form first checks its input, not with the page (components/ui/lazy-zod-resolver.ts). These
 * forms' modules must not reach zod through their static imports: one `import { x } from
 * '@/lib/…/schema'` of a value would put all of zod back into the page's first load.
 */
const LAZY_FORMS = [
  'components/auth/login-form.tsx',
  'components/discussion/comment-form.tsx',
  'components/reports/report-form.tsx',
  'components/reports/decision-panel.tsx',
];
const VALIDATION = /^(?:zod|@hookform\/resolvers)(?:\/|$)/;

/** The static value imports and re-exports of a module (`import type` and `import()` are not). */
function staticImports(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)([^;]*?)\s+from\s+'([^']+)'/gms)) {
    // `import { type A, type B } from '…'` brings no value either.
    const names = match[1]!.replace(/^\{|\}$/g, '');
    if (match[1]!.startsWith('{') && names.split(',').every((name) => /^\s*(type\s|$)/.test(name))) continue;
    specifiers.push(match[2]!);
  }
  for (const match of source.matchAll(/^import\s+'([^']+)'/gm)) specifiers.push(match[1]!);
  return specifiers;
}

/** The chain of static imports from `entry` to a module `target` matches, or null when there is none. */
function pathTo(entry: string, target: RegExp): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      if (target.test(specifier)) return [...chain, specifier];
      const next = resolveImport(file, specifier);
      if (!next && /^[.@]\//.test(specifier)) throw new Error(`${specifier} not found from ${file}`);
      if (next) {
        const found = walk(next, [...chain, path.relative(root, next)]);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(path.join(root, entry), [entry]);
}

const pathToValidation = (entry: string) => pathTo(entry, VALIDATION);

describe('forms whose validation code loads at their first check', () => {
  it.each(LAZY_FORMS)('%s reaches no zod through its static imports', (form) => {
    expect(pathToValidation(form)).toBeNull();
  });

  it('finds the way to zod where a form loads it with the page', () => {
    // A form that checks with the eagerly imported resolver: the walk must find zod there.
    expect(pathToValidation('components/reports/open-year-form.tsx')).toEqual(
      expect.arrayContaining(['components/ui/zod-resolver.ts']),
    );
  });
});

describe('the sign-in page, the one everyone loads first', () => {
  it('its form reaches no form library through its static imports', () => {
    // react-hook-form is 13.7 kB gzip: a tenth of the page's first-load JavaScript (issue 28).
    expect(pathTo('app/login/page.tsx', /^react-hook-form(?:\/|$)/)).toBeNull();
  });

  it('finds the way to the form library where a form uses it', () => {
    expect(pathTo('components/discussion/comment-form.tsx', /^react-hook-form(?:\/|$)/)).not.toBeNull();
  });
});
