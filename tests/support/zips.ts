/**
 * Zip files built by the tests themselves: a normal .docx of card text, and hostile ones (a
 * deflate bomb, 100,000 entries, sizes that lie, a truncated zip). Written by hand rather than
 * with a zip library because a library will not write a zip that lies, nor 100,000 entries within
 * the 5 MB upload limit (every entry of the central directory shares one local header).
 */
import zlib from 'node:zlib';

export interface ZipPart {
  name: string;
  /** The bytes as stored in the zip (deflated when `deflated`). */
  stored: Buffer;
  deflated: boolean;
  crc: number;
  /** The true inflated size… */
  size: number;
  /** …and the one the headers claim (defaults to the true one). */
  declaredSize?: number;
}

export function storedPart(name: string, data: Buffer | string): ZipPart {
  const bytes = Buffer.from(data);
  return { name, stored: bytes, deflated: false, crc: zlib.crc32(bytes), size: bytes.length };
}

export function deflatedPart(name: string, data: Buffer | string): ZipPart {
  const bytes = Buffer.from(data);
  return {
    name,
    stored: zlib.deflateRawSync(bytes),
    deflated: true,
    crc: zlib.crc32(bytes),
    size: bytes.length,
  };
}

/**
 * A part that inflates to `block` repeated `times` times without ever being held inflated: the
 * block deflated once with a full flush (which resets the window) is a self-contained run of
 * deflate blocks that can be repeated, followed by an empty final block.
 */
export function repeatedPart(name: string, block: Buffer | string, times: number): ZipPart {
  const bytes = Buffer.from(block);
  const once = zlib.deflateRawSync(bytes, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let index = 0; index < times; index++) crc = zlib.crc32(bytes, crc);
  const stored = Buffer.concat([...Array.from({ length: times }, () => once), Buffer.from([0x03, 0x00])]);
  return { name, stored, deflated: true, crc, size: bytes.length * times };
}

function localHeader(part: ZipPart, name: Buffer): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6); // UTF-8 names
  header.writeUInt16LE(part.deflated ? 8 : 0, 8);
  header.writeUInt32LE(part.crc >>> 0, 14);
  header.writeUInt32LE(part.stored.length, 18);
  header.writeUInt32LE(part.declaredSize ?? part.size, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function centralHeader(part: ZipPart, name: Buffer, offset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(0x0800, 8);
  header.writeUInt16LE(part.deflated ? 8 : 0, 10);
  header.writeUInt32LE(part.crc >>> 0, 16);
  header.writeUInt32LE(part.stored.length, 20);
  header.writeUInt32LE(part.declaredSize ?? part.size, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(offset, 42);
  return Buffer.concat([header, name]);
}

/** The end of the central directory; ZIP64's records too when the entries do not fit 16 bits. */
function endRecords(count: number, directoryOffset: number, directorySize: number): Buffer {
  const records: Buffer[] = [];
  const zip64 = count > 0xfffe;
  if (zip64) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(count), 24);
    end64.writeBigUInt64LE(BigInt(count), 32);
    end64.writeBigUInt64LE(BigInt(directorySize), 40);
    end64.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
    locator.writeUInt32LE(1, 16);
    records.push(end64, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(directoryOffset, 16);
  records.push(end);
  return Buffer.concat(records);
}

/** A zip of the parts, in order. */
export function buildZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    centrals.push(centralHeader(part, name, offset));
    const local = Buffer.concat([localHeader(part, name), part.stored]);
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([...locals, directory, endRecords(parts.length, offset, directory.length)]);
}

/** A zip of `count` empty entries whose central records all point at one local header. */
export function manyEntriesZip(count: number): Buffer {
  const part = storedPart('a', '');
  const local = localHeader(part, Buffer.from('a'));
  const centrals = Array.from({ length: count }, (_, index) =>
    centralHeader(part, Buffer.from(index.toString(36)), 0),
  );
  const directory = Buffer.concat(centrals);
  return Buffer.concat([local, directory, endRecords(count, local.length, directory.length)]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '</Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '</Relationships>';
const DOCUMENT_START =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const DOCUMENT_END = '</w:body></w:document>';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Word paragraph of one line of text. */
export const paragraph = (line: string) =>
  `<w:p><w:r><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`;

/** The parts of a .docx around a document.xml part. */
export function docxParts(document: ZipPart): ZipPart[] {
  return [deflatedPart('[Content_Types].xml', CONTENT_TYPES), deflatedPart('_rels/.rels', RELS), document];
}

/**
 * A well-formed .docx of about `xmlBytes` of Word XML in short paragraphs of numbers: within the
 * zip's limits, compressing about 70 : 1, and costly for mammoth's document tree.
 */
export function heavyDocx(xmlBytes: number): Buffer {
  const body: string[] = [];
  let length = 0;
  for (let index = 0; length < xmlBytes; index++) {
    const line = paragraph(String((index * 7) % 500));
    body.push(line);
    length += line.length;
  }
  return buildZip(
    docxParts(deflatedPart('word/document.xml', DOCUMENT_START + body.join('') + DOCUMENT_END)),
  );
}

/** A normal .docx: one paragraph per line of `text`. */
export function docxOf(text: string): Buffer {
  const body = text.split('\n').map(paragraph).join('');
  return buildZip(docxParts(deflatedPart('word/document.xml', DOCUMENT_START + body + DOCUMENT_END)));
}

/**
 * A deflate bomb dressed as a .docx (about 1.2 MB for 400 MB): word/document.xml inflates to
 * `inflatedBytes` of short paragraphs, declared truly, or as `declaredBytes` when it lies.
 */
export function bombDocx(options: { inflatedBytes: number; declaredBytes?: number }): Buffer {
  const block = paragraph('Cel I').repeat(Math.ceil((1024 * 1024) / paragraph('Cel I').length));
  const times = Math.max(1, Math.round(options.inflatedBytes / block.length));
  const inner = repeatedPart('word/document.xml', block, times);
  // Paragraphs only, not a whole XML document: it is refused before anything parses it.
  return buildZip(docxParts({ ...inner, declaredSize: options.declaredBytes }));
}

/** `bytes` of paragraphs of pseudo-random numbers: XML that compresses about as text does. */
export function numberParagraphs(bytes: number, seed = 1): string {
  const out: string[] = [];
  let length = 0;
  let state = seed;
  while (length < bytes) {
    state = (state * 1103515245 + 12345) >>> 0;
    const line = paragraph(String(state));
    out.push(line);
    length += line.length;
  }
  return out.join('');
}
