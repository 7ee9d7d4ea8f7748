import 'server-only';
import mammoth from 'mammoth';
import { invalid } from '@/lib/errors';
import { IMPORT_LIMITS } from './import-schema';

/*
 * The text of an uploaded task-card file: a .txt in UTF-8 or a Word .docx. The size is checked
 * before a single byte is read; a binary file renamed .txt is refused rather than shown as noise.
 */

/** What the upload needs of a File (the Web File of a multipart form). */
export interface UploadedFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function kindOf(name: string): 'txt' | 'docx' | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.txt')) return 'txt';
  if (lower.endsWith('.docx')) return 'docx';
  return null;
}

function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalid({ file: ['notUtf8'] });
  }
  if (text.includes('\u0000')) throw invalid({ file: ['binary'] });
  return text;
}

/** The file's text, or a public `invalid` error keyed `file` (tooLarge, badType, notUtf8, binary, badDocx, emptyFile). */
export async function extractUploadText(file: UploadedFile): Promise<string> {
  // Before reading: a huge file is refused by its declared size.
  if (file.size > IMPORT_LIMITS.fileBytes) throw invalid({ file: ['tooLarge'] });
  const kind = kindOf(file.name);
  if (!kind) throw invalid({ file: ['badType'] });
  if (file.size === 0) throw invalid({ file: ['emptyFile'] });
  const bytes = new Uint8Array(await file.arrayBuffer());
  // The declared size is what the client said; the bytes are what arrived.
  if (bytes.length > IMPORT_LIMITS.fileBytes) throw invalid({ file: ['tooLarge'] });
  if (kind === 'txt') return decodeText(bytes);

  if (!ZIP_MAGIC.every((byte, index) => bytes[index] === byte)) throw invalid({ file: ['badDocx'] });
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return result.value;
  } catch {
    throw invalid({ file: ['badDocx'] });
  }
}
