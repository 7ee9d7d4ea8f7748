/**
 * A card's sections: the headings the card format knows, and the card's lines after its task
 * header split into the body of each section.
 */
import { type Line, type Warn } from './lines';

export const SECTION_HEADINGS = {
  addressees: 'Adresaci',
  justification: 'Uzasadnienie',
  description: 'Opis zadania',
  stages: 'Etapy realizacji zadania',
  executor: 'Realizator',
  partners: 'Podmioty współpracujące',
  indicators: 'Mierniki dla realizacji zadania',
  totalCost: 'Planowany całkowity koszt realizacji',
  budget: 'Budżet zadania',
} as const;
export type SectionKey = keyof typeof SECTION_HEADINGS;
export const SECTION_ORDER = Object.keys(SECTION_HEADINGS) as SectionKey[];
const HEADING_LOOKUP = new Map<string, SectionKey>(
  SECTION_ORDER.map((key) => [SECTION_HEADINGS[key].toLowerCase(), key]),
);

/** The section a line is the heading of ("Adresaci", "Realizator:"), if any. */
export function headingOf(text: string): SectionKey | undefined {
  if (text.length === 0 || text.length > 60) return undefined;
  return HEADING_LOOKUP.get(text.replace(/\s*:$/, '').toLowerCase());
}

export interface CardSections {
  /** Each section's heading line and the lines under it, in the order they came. */
  sections: Map<SectionKey, { line: Line; body: Line[] }>;
  /** Lines between the task header and the first heading: the rest of a long title. */
  titleExtra: string[];
  /** The section the card's last line belongs to (null: no heading at all). */
  current: SectionKey | null;
  /** The card's last line with text. */
  lastContent: Line;
}

/**
 * Splits the lines `from`…`end` (after the task header `taskLine`) by section heading. A heading
 * written twice starts no new section: its lines join the section before, with a warning.
 */
export function splitSections(
  lines: Line[],
  from: number,
  end: number,
  taskLine: Line,
  warn: Warn,
): CardSections {
  const titleExtra: string[] = [];
  const sections = new Map<SectionKey, { line: Line; body: Line[] }>();
  let current: SectionKey | null = null;
  let lastContent: Line = taskLine;
  for (let i = from; i < end; i++) {
    const line = lines[i] as Line;
    const key = headingOf(line.text);
    if (line.text) lastContent = line;
    if (key && !sections.has(key)) {
      sections.set(key, { line, body: [] });
      current = key;
      continue;
    }
    if (key) {
      warn('sections', 'parse.sectionRepeated', { section: SECTION_HEADINGS[key], line: line.no });
    }
    if (current === null) {
      if (line.text) titleExtra.push(line.text);
    } else {
      sections.get(current)?.body.push(line);
    }
  }
  return { sections, titleExtra, current, lastContent };
}
