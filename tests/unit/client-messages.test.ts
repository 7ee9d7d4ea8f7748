import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pl from '@/messages/pl.json';
import { resolveImport, root } from '../support/imports';

/**
 * The browser gets only the message namespaces a page names (components/i18n/client-messages.tsx)
 * plus `common` (ClientMessages always adds it; the signed-in layout hands it to every page under it). This follows every page's imports, collects the namespaces
 * its client components ask `useTranslations` for, and checks that the page hands them over:
 * a form added to a page without its messages would show raw keys in the browser.
 */
/** The namespaces used by the client components reachable from `file`. */
function clientNamespaces(
  file: string,
  inClient = false,
  seen = new Set<string>(),
  found = new Set<string>(),
) {
  const key = `${file}:${inClient}`;
  if (seen.has(key)) return found;
  seen.add(key);
  const source = fs.readFileSync(file, 'utf8');
  const client = inClient || /^['"]use client['"]/m.test(source);
  if (client) {
    for (const match of source.matchAll(/useTranslations\(\s*'([^']+)'/g))
      found.add(match[1]!.split('.')[0]!);
  }
  for (const match of source.matchAll(/from\s+'([^']+)'/g)) {
    const target = resolveImport(file, match[1]!);
    if (target) clientNamespaces(target, client, seen, found);
  }
  return found;
}

function pages(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pages(full);
    return /^(page|layout|not-found|error)\.tsx$/.test(entry.name) ? [full] : [];
  });
}

/** What a page hands over: the namespaces in its `<ClientMessages namespaces={[…]}>`, and `common`. */
function provided(file: string): Set<string> {
  const source = fs.readFileSync(file, 'utf8');
  const names = new Set(['common']);
  for (const match of source.matchAll(/<ClientMessages\s+namespaces=\{\[([^\]]*)\]\}/g)) {
    for (const name of match[1]!.matchAll(/'([^']+)'/g)) names.add(name[1]!);
  }
  return names;
}

describe('client messages', () => {
  const files = pages(path.join(root, 'app'));

  it('finds the pages and the client components that translate', () => {
    expect(files.length).toBeGreaterThan(20);
    const editor = path.join(root, 'app', '(app)', 'tasks', '[id]', 'edit', 'page.tsx');
    expect([...clientNamespaces(editor)]).toEqual(expect.arrayContaining(['editor', 'fieldErrors']));
  });

  it.each(files.map((file) => [path.relative(root, file), file]))(
    '%s hands the browser every namespace its client components use',
    (_, file) => {
      const missing = [...clientNamespaces(file)].filter((name) => !provided(file).has(name));
      expect(missing).toEqual([]);
    },
  );

  it('names only namespaces that exist', () => {
    const known = new Set([...Object.keys(pl), 'people', 'import', 'mail', 'discussion']);
    for (const file of files) {
      for (const name of provided(file)) expect(known, `${name} in ${file}`).toContain(name);
    }
  });
});
