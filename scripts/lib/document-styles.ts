import fs from 'node:fs';
import path from 'node:path';
import tailwindcss from '@tailwindcss/postcss';
import postcss from 'postcss';
import { DOCUMENT_STYLESHEET } from '../../components/reports/document-stylesheet';

/**
 * The app's stylesheet (app/globals.css through Tailwind, as the build compiles it for the pages)
 * under a fixed address, for the documents served outside the App Router: the council report's
 * print view (app/(app)/strategies/[id]/report/[year]/route.ts) is a plain HTML document, with no
 * React payload, and cannot name the build's hashed CSS file. Written into public/ before
 * `next build` (which serves only the public files it found), never committed (.gitignore).
 * DOCUMENT_STYLES_FILE is its path in the project.
 */
export const DOCUMENT_STYLES_FILE = path.join('public', ...DOCUMENT_STYLESHEET.split('/').filter(Boolean));

export async function buildDocumentStyles(root: string): Promise<string> {
  const source = path.join(root, 'app', 'globals.css');
  const target = path.join(root, DOCUMENT_STYLES_FILE);
  const result = await postcss([tailwindcss({ base: root, optimize: true })]).process(
    fs.readFileSync(source, 'utf8'),
    { from: source, to: target },
  );
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, result.css);
  return target;
}
