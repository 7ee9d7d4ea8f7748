import { parentPort, workerData } from 'node:worker_threads';
import { extractDocxText } from '@/lib/files/docx';
import { ZipRefused } from '@/lib/files/zip';
import { previewImportSchema } from './import-schema';
import { UPLOAD_LIMITS } from './limits';
import { parseCards } from './parse';
import type { ParseResult } from './parse/types';

/*
 * The worker thread of lib/cards/upload.ts: it unpacks a .docx within UPLOAD_LIMITS.zip and parses
 * the text into cards, with a heap of its own (a hostile file exhausts that, not the server's).
 */

export type UploadJob = { kind: 'docx'; bytes: Uint8Array } | { kind: 'text'; text: string };

export type UploadRefusal = 'badDocx' | 'docxTooManyParts' | 'docxTooLarge';

export type UploadOutcome =
  | {
      status: 'read';
      text: string;
      /** The cards, unless the text fails the preview's own check (then previewImport says why). */
      parsed: ParseResult | null;
    }
  | { status: 'refused'; key: UploadRefusal };

const REFUSALS = {
  corrupt: 'badDocx',
  tooManyEntries: 'docxTooManyParts',
  tooLarge: 'docxTooLarge',
} as const satisfies Record<ZipRefused['reason'], UploadRefusal>;

async function run(job: UploadJob): Promise<UploadOutcome> {
  let text: string;
  if (job.kind === 'docx') {
    try {
      text = await extractDocxText(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.length), {
        ...UPLOAD_LIMITS.zip,
      });
    } catch (error) {
      if (error instanceof ZipRefused) return { status: 'refused', key: REFUSALS[error.reason] };
      throw error;
    }
  } else {
    text = job.text;
  }
  const parsed = previewImportSchema.safeParse({ text }).success ? parseCards(text) : null;
  return { status: 'read', text, parsed };
}

void run(workerData as UploadJob).then((outcome) => parentPort?.postMessage(outcome));
