import 'server-only';
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import { invalid } from '@/lib/errors';
import { WorkerFailed, resultOf } from '@/lib/files/worker';
import { UPLOAD_LIMITS } from './limits';
import type { ParseResult } from './parse/types';
import type { UploadJob, UploadOutcome } from './upload-worker';

/*
 * The text of an uploaded task-card file: a .txt in UTF-8 or a Word .docx. The size is checked
 * before a single byte is read; a binary file renamed .txt is refused rather than shown as noise.
 * Unpacking a .docx and parsing the text into cards happen in a worker thread with a heap and a
 * time of its own (UPLOAD_LIMITS): a hostile file ends that worker, never the server, and the
 * other users' requests are answered meanwhile.
 */

/** What the upload needs of a File (the Web File of a multipart form). */
export interface UploadedFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The text read and its cards (null when the text fails previewImport's own check). */
export interface UploadRead {
  text: string;
  parsed: ParseResult | null;
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

const queue = new PQueue({ concurrency: UPLOAD_LIMITS.worker.concurrency });

/** Runs one job in a fresh worker thread; the time limit starts when the worker does. */
function inWorker(job: UploadJob, field: 'file' | 'text'): Promise<UploadOutcome> {
  return queue.add(async () => {
    const worker = new Worker(new URL('./upload-worker.ts', import.meta.url), {
      workerData: job,
      transferList: job.kind === 'docx' ? [job.bytes.buffer as ArrayBuffer] : [],
      resourceLimits: {
        maxOldGenerationSizeMb: UPLOAD_LIMITS.worker.heapMb,
        maxYoungGenerationSizeMb: UPLOAD_LIMITS.worker.youngHeapMb,
      },
      // Bundled by Next (Turbopack) the worker is JavaScript; run from the sources (vitest, the
      // scripts) it is TypeScript with `@/` imports, which tsx resolves.
      execArgv: import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [],
    });
    try {
      return await resultOf<UploadOutcome>(worker, UPLOAD_LIMITS.worker.timeoutMs);
    } catch (error) {
      if (!(error instanceof WorkerFailed)) throw error;
      if (error.reason === 'timeout') throw invalid({ [field]: ['readTimeout'] });
      if (error.reason === 'memory') throw invalid({ [field]: ['readOutOfMemory'] });
      // A worker that crashed on a .docx crashed on what the file holds.
      if (job.kind === 'docx') throw invalid({ file: ['badDocx'] });
      throw error;
    }
  });
}

/**
 * The file's text and its cards, or a public `invalid` error keyed `file`: tooLarge, badType,
 * notUtf8, binary, emptyFile, badDocx, docxTooManyParts, docxTooLarge, readTimeout, readOutOfMemory.
 */
export async function readUploadedCards(file: UploadedFile): Promise<UploadRead> {
  // Before reading: a huge file is refused by its declared size.
  if (file.size > UPLOAD_LIMITS.fileBytes) throw invalid({ file: ['tooLarge'] });
  const kind = kindOf(file.name);
  if (!kind) throw invalid({ file: ['badType'] });
  if (file.size === 0) throw invalid({ file: ['emptyFile'] });
  const bytes = new Uint8Array(await file.arrayBuffer());
  // The declared size is what the client said; the bytes are what arrived.
  if (bytes.length > UPLOAD_LIMITS.fileBytes) throw invalid({ file: ['tooLarge'] });
  if (kind === 'txt') return parseInWorker(decodeText(bytes), 'file');

  if (!ZIP_MAGIC.every((byte, index) => bytes[index] === byte)) throw invalid({ file: ['badDocx'] });
  const outcome = await inWorker({ kind: 'docx', bytes }, 'file');
  if (outcome.status === 'refused') throw invalid({ file: [outcome.key] });
  return outcome;
}

/** Pasted (or decoded) text parsed into cards in the worker; a failure is keyed `field`. */
export async function parseInWorker(text: string, field: 'file' | 'text' = 'text'): Promise<UploadRead> {
  const outcome = await inWorker({ kind: 'text', text }, field);
  if (outcome.status === 'refused') throw invalid({ [field]: [outcome.key] });
  return outcome;
}
