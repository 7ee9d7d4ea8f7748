import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { UPLOAD_LIMITS } from '@/lib/cards/limits';
import { parseCards } from '@/lib/cards/parse';
import { parseInWorker, readUploadedCards } from '@/lib/cards/upload';
import { WorkerFailed, resultOf } from '@/lib/files/worker';
import { ZipRefused, openBoundedZip } from '@/lib/files/zip';
import { publicErrorOf, threeCards } from '../support/import-screen';
import {
  bombDocx,
  buildZip,
  deflatedPart,
  docxOf,
  docxParts,
  heavyDocx,
  manyEntriesZip,
  numberParagraphs,
  repeatedPart,
  storedPart,
} from '../support/zips';

/*
 * Hostile files at the card upload (lib/cards/upload.ts, lib/files/zip.ts): each is refused with
 * its own message and nothing else, in the worker thread, and a normal .docx still reads.
 */

const MB = 1024 * 1024;
const upload = (name: string, bytes: Buffer) => new File([new Uint8Array(bytes)], name);
const fileErrorOf = async (bytes: Buffer, name = 'karty.docx') =>
  (await publicErrorOf(readUploadedCards(upload(name, bytes)))).fieldErrors;

describe('a .docx upload', () => {
  it('reads the text of a normal .docx and its cards, parsed in the worker as they are in the server', async () => {
    const docx = docxOf(threeCards);
    const read = await readUploadedCards(upload('karty.docx', docx));
    for (const line of threeCards.split('\n').filter((line) => line.trim() !== '')) {
      expect(read.text).toContain(line.trim());
    }
    expect(read.parsed?.cards.length).toBe(parseCards(threeCards).cards.length);
    expect(read.parsed?.cards.map((card) => card.task.title)).toEqual(
      parseCards(threeCards).cards.map((card) => card.task.title),
    );
  });

  it('refuses a 1 MB .docx whose document.xml inflates to 400 MB, by its central directory', async () => {
    const bomb = bombDocx({ inflatedBytes: 400 * MB });
    expect(bomb.length).toBeGreaterThan(0.5 * MB);
    expect(bomb.length).toBeLessThan(1.5 * MB);
    expect(await fileErrorOf(bomb)).toEqual({ file: ['docxTooLarge'] });
  });

  it('refuses a .docx of 100,000 entries, by its central directory', async () => {
    const many = manyEntriesZip(100_000);
    expect(many.length).toBeLessThan(UPLOAD_LIMITS.fileBytes);
    expect(await fileErrorOf(many)).toEqual({ file: ['docxTooManyParts'] });
  });

  it('refuses a .docx whose document.xml inflates to far more than its central directory says', async () => {
    const liar = bombDocx({ inflatedBytes: 200 * MB, declaredBytes: 4096 });
    expect(await fileErrorOf(liar)).toEqual({ file: ['docxTooLarge'] });
  });

  it('ends the worker of a .docx within the limits whose document tree outgrows its heap', async () => {
    // 12 MB of short paragraphs, 180 kB zipped: mammoth's tree needs far more than the worker's heap.
    const heavy = heavyDocx(12 * MB);
    expect(await fileErrorOf(heavy)).toEqual({ file: ['readOutOfMemory'] });
  });

  it('refuses a truncated .docx and a zip that is not a Word document as unreadable', async () => {
    const docx = docxOf(threeCards);
    expect(await fileErrorOf(docx.subarray(0, Math.floor(docx.length / 2)))).toEqual({ file: ['badDocx'] });
    const notDocx = buildZip([deflatedPart('notatki.txt', threeCards)]);
    expect(await fileErrorOf(notDocx)).toEqual({ file: ['badDocx'] });
  });
});

describe('a bounded zip (lib/files/zip.ts)', () => {
  const limits = { ...UPLOAD_LIMITS.zip };
  const reasonOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => (error instanceof ZipRefused ? error.reason : error),
    );

  it('counts the bytes actually inflated across the parts it reads, whatever they declare', async () => {
    // Two honest parts, each within the part's limit, together over what may be inflated.
    const block = numberParagraphs(64 * 1024);
    const part = (name: string) => repeatedPart(name, block, Math.ceil((14 * MB) / block.length));
    const zip = await openBoundedZip(buildZip([part('a.xml'), part('b.xml')]), limits);
    expect((await zip.read('a.xml')).length).toBeGreaterThan(13 * MB);
    expect(await reasonOf(zip.read('b.xml'))).toBe('tooLarge');
    expect(zip.inflated()).toBeLessThanOrEqual(limits.inflatedBytes + 64 * 1024);
    zip.close();
  });

  it('refuses a ratio beyond sense and a declared total over the limit before inflating', async () => {
    const ratio = buildZip([{ ...repeatedPart('a.xml', 'x'.repeat(1024), 1024), declaredSize: 4 * MB }]);
    expect(await reasonOf(openBoundedZip(ratio, limits))).toBe('tooLarge');
    const parts = Array.from({ length: 3 }, (_, index) => ({
      ...storedPart(`p${index}.xml`, 'x'),
      declaredSize: 12 * MB,
    }));
    expect(await reasonOf(openBoundedZip(buildZip(parts), limits))).toBe('tooLarge');
    // Within the limits it opens, and lists what the directory declares.
    const zip = await openBoundedZip(buildZip(docxParts(deflatedPart('word/document.xml', '<x/>'))), limits);
    expect(zip.entries.map((entry) => entry.name)).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'word/document.xml',
    ]);
    zip.close();
  });
});

describe('a worker thread reading a file (lib/files/worker.ts)', () => {
  const failureOf = (code: string, timeoutMs: number) =>
    resultOf(new Worker(code, { eval: true }), timeoutMs).then(
      () => null,
      (error: unknown) => (error instanceof WorkerFailed ? error.reason : error),
    );

  // Running out of the heap is the .docx above: a synthetic one is no test, since V8 may abort the
  // whole process instead, depending on the shape of the allocation (nodejs/node#47224).
  it('ends a worker that does not answer in time, and tells a crash from an answer', async () => {
    expect(await failureOf('setInterval(() => {}, 1000);', 500)).toBe('timeout');
    expect(await failureOf('process.exit(3);', 30_000)).toBe('crashed');
    expect(
      await resultOf(
        new Worker('require("node:worker_threads").parentPort.postMessage(42);', { eval: true }),
        5_000,
      ),
    ).toBe(42);
  });
});

describe('the card parse in the worker', () => {
  it('parses pasted text as the server would, and leaves text over the limit to the preview to refuse', async () => {
    const read = await parseInWorker(threeCards);
    expect(read.parsed).toEqual(parseCards(threeCards));
    // A card cut short: its error is the same object in both lists after the worker's message, as
    // previewImport tells the two apart by identity.
    const cut = (await parseInWorker(threeCards.slice(0, threeCards.indexOf('Realizator')))).parsed;
    expect(cut?.incomplete.length).toBe(1);
    expect(cut?.errors).toContain(cut?.incomplete[0]?.error);
    const tooLong = 'x'.repeat(UPLOAD_LIMITS.textBytes + 1);
    expect((await parseInWorker(tooLong)).parsed).toBeNull();
  });
});
