import { fileTypeFromBuffer } from 'file-type';

/*
 * What evidence may be attached, decided from the content, never from the name alone: the type
 * file-type reads from the first bytes must be one of these, and the name's extension must be one
 * of that type's. CSV and plain text have no magic bytes: they are taken when nothing is recognised,
 * the name says .csv or .txt, and the whole file is valid UTF-8 with no NUL (checked as it streams).
 */

import { CFB_TYPES, SNIFFED, TEXT_TYPES, ALLOWED_EXTENSIONS, extensionOf } from './file-names';

export type SniffResult =
  { ok: true; mediaType: string; text: boolean } | { ok: false; reason: 'badType' | 'typeMismatch' };

/** The type of a file from its first bytes and its name (the text check itself is the caller's). */
export async function sniffType(head: Uint8Array, name: string): Promise<SniffResult> {
  const extension = extensionOf(name);
  if (!ALLOWED_EXTENSIONS.includes(extension)) return { ok: false, reason: 'badType' };
  const found = await fileTypeFromBuffer(head);
  if (!found) {
    // No magic bytes: only text may say so, and only under a text name.
    const textType = TEXT_TYPES[extension];
    return textType ? { ok: true, mediaType: textType, text: true } : { ok: false, reason: 'typeMismatch' };
  }
  const kind = SNIFFED[found.ext];
  // Recognised, but not evidence (an executable, an archive): not what its (allowed) name says.
  if (!kind) return { ok: false, reason: 'typeMismatch' };
  if (!kind.extensions.includes(extension)) return { ok: false, reason: 'typeMismatch' };
  const mediaType = found.ext === 'cfb' ? CFB_TYPES[extension]! : kind.mediaType;
  return { ok: true, mediaType, text: false };
}
