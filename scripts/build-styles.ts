/** `npm run build`'s first step: the app's stylesheet for the standalone documents (scripts/lib/document-styles.ts). */
import path from 'node:path';
import { buildDocumentStyles } from './lib/document-styles';

const target = await buildDocumentStyles(path.resolve(import.meta.dirname, '..'));
console.log(`[monitor] stylesheet for the documents: ${path.relative(process.cwd(), target)}`);
