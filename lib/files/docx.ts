import mammoth from 'mammoth';
import yazl from 'yazl';
import { type ZipLimits, ZipRefused, openBoundedZip } from './zip';

/*
 * The raw text of a Word .docx, read through ./zip.ts: mammoth never sees the uploaded zip itself.
 * The XML parts (all mammoth reads for text; images and other media are left out) are inflated
 * within the limits, stored uncompressed into a new zip whose sizes are true, and that one is
 * given to mammoth. Run it in a worker with a heap limit (lib/cards/upload.ts): mammoth's
 * document tree still grows with the XML.
 */

const isXmlPart = (name: string) => /\.(xml|rels)$/i.test(name) && !name.endsWith('/');

async function storedZip(parts: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of parts) zip.addBuffer(bytes, name, { compress: false });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The text of a .docx; throws ZipRefused (corrupt, tooManyEntries, tooLarge), or 'corrupt' when
 * the zip is whole but not a Word document.
 */
export async function extractDocxText(bytes: Buffer, limits: ZipLimits): Promise<string> {
  const zip = await openBoundedZip(bytes, limits);
  const parts = new Map<string, Buffer>();
  try {
    for (const entry of zip.entries) {
      if (isXmlPart(entry.name)) parts.set(entry.name, await zip.read(entry.name));
    }
  } finally {
    zip.close();
  }
  if (!parts.has('word/document.xml') && !parts.has('_rels/.rels')) {
    throw new ZipRefused('corrupt', 'a zip, but not a Word document');
  }
  try {
    const result = await mammoth.extractRawText({ buffer: await storedZip(parts) });
    return result.value;
  } catch (error) {
    throw new ZipRefused('corrupt', String((error as Error)?.message ?? error));
  }
}
