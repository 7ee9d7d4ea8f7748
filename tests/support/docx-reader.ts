import { openBoundedZip } from '@/lib/files/zip';

/*
 * A generated .docx read back as a reader sees it: its parts (unzipped through lib/files/zip.ts),
 * the paragraphs of word/document.xml with their style and text, and the tables as rows of cell
 * texts (a cell's paragraphs joined by a line break). Tables in our documents are never nested.
 */

const LIMITS = {
  entries: 10_000,
  entryBytes: 200 * 2 ** 20,
  totalBytes: 500 * 2 ** 20,
  ratio: 1000,
  ratioFloorBytes: 2 ** 20,
  inflatedBytes: 500 * 2 ** 20,
};

const unescape = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&');

/** The text of a piece of WordprocessingML: its <w:t> runs, paragraph by paragraph. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((paragraph) =>
      [...paragraph[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((run) => unescape(run[1]!)).join(''),
    )
    .join('\n');
}

export interface DocxTable {
  /** Rows marked as header rows (repeated on every page). */
  headerRows: number;
  rows: string[][];
}

export interface ReadDocx {
  parts: Map<string, Buffer>;
  document: string;
  paragraphs: { style: string | null; text: string }[];
  tables: DocxTable[];
  /** The text of each heading level's paragraphs: headings[1] are the Heading1 paragraphs. */
  headings: Record<1 | 2 | 3, string[]>;
}

export async function readDocx(bytes: Buffer): Promise<ReadDocx> {
  const zip = await openBoundedZip(bytes, LIMITS);
  const parts = new Map<string, Buffer>();
  try {
    for (const entry of zip.entries) parts.set(entry.name, await zip.read(entry.name));
  } finally {
    zip.close();
  }
  const document = parts.get('word/document.xml')?.toString('utf8') ?? '';
  const body = document.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const paragraphs = [...body.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(match[0])?.[1] ?? null,
    text: textOf(match[0]),
  }));
  const tables = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((table) => {
    const rows = [...table[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)];
    return {
      headerRows: rows.filter((row) => /<w:tblHeader\/>|<w:tblHeader w:val="(?:true|1|on)"\/>/.test(row[0]))
        .length,
      rows: rows.map((row) => [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => textOf(cell[0]))),
    };
  });
  const heading = (level: number) =>
    paragraphs
      .filter((paragraph) => paragraph.style === `Heading${level}`)
      .map((paragraph) => paragraph.text);
  return { parts, document, paragraphs, tables, headings: { 1: heading(1), 2: heading(2), 3: heading(3) } };
}
