/**
 * A noise model of real task cards: what Word, a browser's print, copy-paste and retyping do to a
 * card written in the seed's format. The importer is tested against it (tests/unit/card-noise*.test.ts):
 * the parse of a noisy text must equal the parse of the clean one, or carry a warning on the field
 * that differs.
 *
 * A card is given as rows of cells (`NoiseRow`): the noise knows where a table's cell ends, so a
 * wrap falls inside a cell (as a browser wraps a cell's text) and a tab only between cells (as Word
 * writes a table). Each transformation is plain data (`Noise`) whose numbers pick a row and a place
 * modulo what is there, so a random list of them is always applicable and shrinks well.
 */

/** What a row of a card is; which noise may touch it depends on it. */
export type RowKind =
  | 'strategy'
  | 'goal'
  | 'program'
  | 'task'
  | 'heading'
  | 'tableHeader'
  | 'years'
  | 'text'
  | 'stage'
  | 'executor'
  | 'partner'
  | 'indicatorType'
  | 'indicator'
  | 'totalCost'
  | 'fundingNote'
  | 'funding'
  | 'blank';

/** One row of a clean card: its cells in order (a header line or a text is one cell). */
export interface NoiseRow {
  kind: RowKind;
  cells: string[];
  /** Written before the first cell ("\u00a0 " before an indicator, as on the seed card). */
  indent?: string;
}

/** Rows whose cells a browser's print may wrap. */
const WRAPPABLE = new Set<RowKind>([
  'strategy',
  'goal',
  'program',
  'task',
  'stage',
  'executor',
  'partner',
  'indicator',
  'funding',
  'fundingNote',
]);
/** Rows that are tables' rows (a tab may stand between their cells; two of them may run together). */
const TABLE_ROWS = new Set<RowKind>(['stage', 'partner', 'indicator', 'funding']);
/** Headings whose letter case may change. */
const CASED = new Set<RowKind>(['heading', 'tableHeader', 'indicatorType']);

export type SeparatorStyle = 'equals' | 'dashes' | 'stars' | 'formFeed' | 'none';
export type SpaceRun = 'spaces' | 'nbsp' | 'mixed';

export type Noise =
  /** A cell's text goes on in the next line, at a word (row and word picked modulo what is there). */
  | { kind: 'wrap'; row: number; at: number }
  /** A space becomes a run of spaces or a non-breaking space. */
  | { kind: 'spaces'; row: number; at: number; run: SpaceRun }
  /** The space between two cells of a table's row becomes a tab. */
  | { kind: 'tab'; row: number; at: number }
  /** A soft hyphen inside a word. */
  | { kind: 'softHyphen'; row: number; at: number }
  /** A table's row runs into the next ("TechnologiiRegionalna"), where the glue shows. */
  | { kind: 'join'; row: number }
  /** A heading in capitals or small letters. */
  | { kind: 'headingCase'; row: number; upper: boolean }
  /** A printed page ends after a row: the page's footer, then the next page's header. */
  | { kind: 'pageBreak'; row: number; style: 'chrome' | 'firefox'; formFeed: boolean };

/** The whole file: which cards, the noise on each, and the file's own noise. */
export interface NoisyFile {
  cards: { rows: NoiseRow[]; noise: Noise[] }[];
  separator: SeparatorStyle;
  crlf: boolean;
  bom: boolean;
  /** The page's title and address the print header and footer show. */
  title: string;
  url: string;
}

/** A row as it is being made noisy: its words and what stands between them. */
interface Line {
  kind: RowKind;
  indent: string;
  words: string[];
  /** gaps[i] stands between words[i] and words[i + 1]. */
  gaps: string[];
  /** cellStart[i]: words[i] starts a cell (so gaps[i - 1] is between two cells). */
  cellStart: boolean[];
  /** Made from a wrap (a piece of a row): no tab goes into it. */
  wrapped: boolean;
  /** Page noise: no other noise touches it. */
  page: boolean;
}

function toLine(row: NoiseRow): Line {
  const words: string[] = [];
  const cellStart: boolean[] = [];
  for (const cell of row.cells) {
    const cellWords = cell.split(' ').filter(Boolean);
    cellWords.forEach((word, i) => {
      words.push(word);
      cellStart.push(i === 0);
    });
  }
  return {
    kind: row.kind,
    indent: row.indent ?? '',
    words,
    gaps: words.slice(1).map(() => ' '),
    cellStart,
    wrapped: false,
    page: false,
  };
}

function lineText(line: Line): string {
  let out = line.indent;
  line.words.forEach((word, i) => {
    out += i === 0 ? word : `${line.gaps[i - 1] ?? ' '}${word}`;
  });
  return out;
}

/** The clean text of rows (the seed's format). */
export function rowsText(rows: NoiseRow[]): string {
  return rows.map((row) => lineText(toLine(row))).join('\n');
}

/** The clean text of several cards, one blank line between them. */
export function cleanFileText(cards: NoiseRow[][]): string {
  return cards.map(rowsText).join('\n\n');
}

const pick = <T>(items: T[], n: number): T | undefined =>
  items.length === 0 ? undefined : items[Math.abs(Math.trunc(n)) % items.length];

const RUNS: Record<SpaceRun, string> = { spaces: '   ', nbsp: '\u00a0', mixed: ' \u00a0 ' };
const LOWER_END = /[a-ząćęłńóśźż]{2}$/;
const UPPER_START = /^[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]{2}/;

function pageLines(
  noise: Extract<Noise, { kind: 'pageBreak' }>,
  page: number,
  pages: number,
  title: string,
  url: string,
): Line[] {
  const make = (text: string): Line => ({
    kind: 'blank',
    indent: '',
    words: [text],
    gaps: [],
    cellStart: [true],
    wrapped: false,
    page: true,
  });
  const day = 1 + (page % 28);
  if (noise.style === 'chrome') {
    // Chrome: date and time left, title centred; address left, page of pages right.
    return [
      make(`${url}    ${page}/${pages}`),
      make(
        `${noise.formFeed ? '\f' : ''}${day}.12.2026, 14:${String(10 + page).padStart(2, '0')}    ${title}`,
      ),
    ];
  }
  // Firefox: title and address on top, "Strona n z m" and the date at the bottom.
  return [
    make(`Strona ${page} z ${pages}    ${String(day).padStart(2, '0')}.12.2026, 9:05`),
    make(`${noise.formFeed ? '\f' : ''}${title}    ${url}`),
  ];
}

/** Applies one card's noise, in order, to its rows; returns its lines of text. */
function noisyCard(
  rows: NoiseRow[],
  noises: Noise[],
  file: Pick<NoisyFile, 'title' | 'url'>,
  pageCounter: { page: number },
): string[] {
  const lines = rows.map(toLine);
  const indexes = (test: (line: Line) => boolean) => lines.flatMap((line, i) => (test(line) ? [i] : []));

  for (const noise of noises) {
    switch (noise.kind) {
      case 'wrap': {
        // Every place inside a cell of a wrappable row: (line, word index that starts the next line).
        const places: [number, number][] = [];
        lines.forEach((line, i) => {
          if (!WRAPPABLE.has(line.kind) || line.page) return;
          for (let w = 1; w < line.words.length; w++) if (!line.cellStart[w]) places.push([i, w]);
        });
        const place = pick(places, noise.row + noise.at * 7919);
        if (!place) break;
        const [i, w] = place;
        const line = lines[i] as Line;
        const head: Line = {
          ...line,
          words: line.words.slice(0, w),
          gaps: line.gaps.slice(0, w - 1),
          cellStart: line.cellStart.slice(0, w),
          wrapped: true,
        };
        const tail: Line = {
          ...line,
          indent: '',
          words: line.words.slice(w),
          gaps: line.gaps.slice(w),
          cellStart: [true, ...line.cellStart.slice(w + 1)],
          wrapped: true,
        };
        // The continuation's first word is still inside its cell: a tab never goes before it.
        tail.cellStart[0] = false;
        lines.splice(i, 1, head, tail);
        break;
      }
      case 'spaces': {
        const i = pick(
          indexes((line) => !line.page && line.gaps.length > 0),
          noise.row,
        );
        if (i === undefined) break;
        const line = lines[i] as Line;
        line.gaps[Math.abs(noise.at) % line.gaps.length] = RUNS[noise.run];
        break;
      }
      case 'tab': {
        const i = pick(
          indexes((line) => TABLE_ROWS.has(line.kind) && !line.wrapped && !line.page),
          noise.row,
        );
        if (i === undefined) break;
        const line = lines[i] as Line;
        const between = line.gaps.flatMap((_, g) => (line.cellStart[g + 1] ? [g] : []));
        const g = pick(between, noise.at);
        if (g !== undefined) line.gaps[g] = '\t';
        break;
      }
      case 'softHyphen': {
        const i = pick(
          indexes((line) => !line.page && line.kind !== 'blank'),
          noise.row,
        );
        if (i === undefined) break;
        const line = lines[i] as Line;
        const words = line.words.flatMap((word, w) => (/\p{L}{4,}/u.test(word) ? [w] : []));
        const w = pick(words, noise.at);
        if (w === undefined) break;
        const word = line.words[w] as string;
        // Between two letters, away from the word's ends.
        const letters = [...word];
        const cut = 2 + (Math.abs(noise.at) % Math.max(1, letters.length - 3));
        if (!/\p{L}/u.test(letters[cut - 1] ?? '') || !/\p{L}/u.test(letters[cut] ?? '')) break;
        line.words[w] = `${letters.slice(0, cut).join('')}\u00ad${letters.slice(cut).join('')}`;
        break;
      }
      case 'join': {
        const candidates = indexes((line) => TABLE_ROWS.has(line.kind) && !line.page).filter((i) => {
          const line = lines[i] as Line;
          const next = lines[i + 1];
          return (
            next !== undefined &&
            next.kind === line.kind &&
            !next.page &&
            LOWER_END.test(line.words[line.words.length - 1] ?? '') &&
            UPPER_START.test(next.words[0] ?? '')
          );
        });
        const i = pick(candidates, noise.row);
        if (i === undefined) break;
        const line = lines[i] as Line;
        const next = lines[i + 1] as Line;
        const last = line.words.length - 1;
        line.words = [
          ...line.words.slice(0, last),
          `${line.words[last] ?? ''}${next.words[0] ?? ''}`,
          ...next.words.slice(1),
        ];
        line.gaps = [...line.gaps, ...next.gaps];
        line.cellStart = [...line.cellStart, ...next.cellStart.slice(1)];
        line.wrapped = true;
        lines.splice(i + 1, 1);
        break;
      }
      case 'headingCase': {
        const i = pick(
          indexes((line) => CASED.has(line.kind)),
          noise.row,
        );
        if (i === undefined) break;
        const line = lines[i] as Line;
        line.words = line.words.map((word) => (noise.upper ? word.toUpperCase() : word.toLowerCase()));
        break;
      }
      case 'pageBreak': {
        // After any line but the last (the file's own end is no page break).
        if (lines.length < 2) break;
        const i = Math.abs(noise.row) % (lines.length - 1);
        pageCounter.page++;
        lines.splice(i + 1, 0, ...pageLines(noise, pageCounter.page, 14, file.title, file.url));
        break;
      }
    }
  }
  return lines.map(lineText);
}

const SEPARATORS: Record<SeparatorStyle, string[]> = {
  equals: ['', '=========================', ''],
  dashes: ['', '-------------------------', ''],
  stars: ['', '* * *', ''],
  formFeed: ['', '\f'],
  none: [''],
};

/** The noisy text of a file: its cards with their noise, separators between them, its line ends and BOM. */
export function noisyFileText(file: NoisyFile): string {
  const pageCounter = { page: 1 };
  const lines: string[] = [];
  file.cards.forEach((card, k) => {
    if (k > 0) lines.push(...SEPARATORS[file.separator]);
    lines.push(...noisyCard(card.rows, card.noise, file, pageCounter));
  });
  const text = lines.join(file.crlf ? '\r\n' : '\n');
  return file.bom ? `\ufeff${text}` : text;
}
