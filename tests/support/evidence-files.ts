import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/*
 * Evidence files for the attachment tests, made here rather than downloaded: a small valid PDF, a
 * PNG, a Word file (mammoth's test document, shipped in node_modules), a CSV in UTF-8, and an
 * executable (this machine's Node binary's first bytes: an ELF header) to be renamed.
 */

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** A 1×1 transparent PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export function docx(): Buffer {
  return fs.readFileSync(
    path.join(import.meta.dirname, '../../node_modules/mammoth/test/test-data/tiny-picture.docx'),
  );
}

export const CSV = Buffer.from('rok;wartość\n2012;12,5\n2013;14\n', 'utf8');

/** The start of a real executable (ELF on Linux, Mach-O on macOS): what a renamed program begins with. */
export function executable(): Buffer {
  const fd = fs.openSync(process.execPath, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** A PDF of `bytes` bytes: the header, then filler, generated a piece at a time (never whole). */
export async function* pdfOfSize(bytes: number, piece = 64 * 1024): AsyncGenerator<Uint8Array> {
  let sent = 0;
  const header = Buffer.from('%PDF-1.4\n', 'latin1');
  while (sent < bytes) {
    const size = Math.min(piece, bytes - sent);
    const out = Buffer.alloc(size, 0x20);
    if (sent === 0) header.copy(out, 0, 0, Math.min(header.length, size));
    sent += size;
    yield out;
  }
}

/** A buffer as the stream an upload reads, in pieces of `piece` bytes. */
export async function* streamOf(buffer: Buffer, piece = 100_000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < buffer.length; at += piece) yield buffer.subarray(at, at + piece);
}

export async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/** A file's SHA-256 as the attachments table keeps it (hex). */
export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
