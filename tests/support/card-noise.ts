import fc from 'fast-check';
import type { Noise, NoisyFile, SeparatorStyle } from '@/lib/cards/noise';
import { cleanFileText, noisyFileText } from '@/lib/cards/noise';
import { type ParsedCard, parseCards } from '@/lib/cards/parse';
import { CORPUS, type CorpusCard, corpusRows } from './card-corpus';

/*
 * What the noise tests share (tests/unit/card-noise*.test.ts): the comparison of a clean parse with
 * a noisy one, and fast-check's generators of noisy files.
 */

/** The card's fields as path → value ("partners.2.scope" → "…"), the paths the parser's warnings use. */
export function fieldsOf(card: ParsedCard): Map<string, string> {
  const out = new Map<string, string>();
  const put = (path: string, value: unknown) => out.set(path, JSON.stringify(value));
  put('strategy.name', card.strategy.name);
  for (const key of ['number', 'title', 'owner'] as const) put(`goal.${key}`, card.goal[key]);
  for (const key of ['number', 'title', 'coordinator'] as const) put(`program.${key}`, card.program[key]);
  for (const key of ['number', 'title', 'addressees', 'justification', 'description'] as const) {
    put(`task.${key}`, card.task[key]);
  }
  put('task.executor', [card.task.executor, card.task.executorText]);
  put('years', card.years);
  card.stages.forEach((stage, i) => {
    put(`stages.${i}.number`, stage.number);
    put(`stages.${i}.name`, stage.name);
    for (const year of card.years) put(`stages.${i}.cells.${year}`, stage.cells[year]);
  });
  card.partners.forEach((partner, i) => {
    put(`partners.${i}.name`, partner.name);
    put(`partners.${i}.scope`, partner.scope);
  });
  card.indicators.forEach((indicator, i) => {
    put(`indicators.${i}.type`, indicator.type);
    put(`indicators.${i}.name`, indicator.name);
    put(`indicators.${i}.source`, indicator.source);
    for (const [year, value] of Object.entries(indicator.values))
      put(`indicators.${i}.values.${year}`, value);
  });
  put('totalCost', card.totalCost);
  put('budgetNote', card.budgetNote);
  card.funding.forEach((item, i) => {
    put(`funding.${i}.source`, item.source);
    put(`funding.${i}.value`, item.value);
  });
  return out;
}

/** "partners.3.scope" → "partners.3": the list item a path is in (null: not in a list). */
function itemOf(path: string): { list: string; index: number } | null {
  const match = /^(stages|partners|indicators|funding)\.(\d+)/.exec(path);
  return match ? { list: match[1] as string, index: Number(match[2]) } : null;
}

/**
 * The fields in which the noisy card differs from the clean one with no warning on them: a warning
 * covers its own path and every path under it ("goal" covers "goal.title"); in a table, a warning
 * on a row's field covers the row ("partners.2.name" covers "partners.2.scope"). In a list,
 * the items after the first that differs follow from it (a row split in two shifts the rest), so a
 * warning on any field of that first item covers them too.
 */
export function silentDifferences(clean: ParsedCard, noisy: ParsedCard): string[] {
  const a = fieldsOf(clean);
  const b = fieldsOf(noisy);
  const differing = [...new Set([...a.keys(), ...b.keys()])].filter((path) => a.get(path) !== b.get(path));
  const warned = noisy.warnings.map((warning) => warning.path);
  const covers = (path: string) => {
    const item = itemOf(path);
    const at = item ? `${item.list}.${item.index}` : path;
    return warned.some((w) => at === w || at.startsWith(`${w}.`) || w.startsWith(`${at}.`));
  };
  const firstInList = new Map<string, number>();
  for (const path of differing) {
    const item = itemOf(path);
    if (item && (firstInList.get(item.list) ?? Number.POSITIVE_INFINITY) > item.index) {
      firstInList.set(item.list, item.index);
    }
  }
  return differing.filter((path) => {
    if (covers(path)) return false;
    const item = itemOf(path);
    if (item) {
      const first = firstInList.get(item.list) as number;
      const row = `${item.list}.${first}`;
      if (item.index > first && warned.some((w) => w === row || w.startsWith(`${row}.`))) return false;
    }
    return true;
  });
}

/** What is wrong with a noisy file's parse against its clean one: empty when nothing is silent. */
export function noiseProblems(file: NoisyFile): string[] {
  const clean = parseCards(cleanFileText(file.cards.map((card) => card.rows)));
  const noisy = parseCards(noisyFileText(file));
  const problems: string[] = [];
  if (noisy.errors.length > 0) {
    problems.push(...noisy.errors.map((error) => `error: ${error.message.key} (line ${error.line ?? '?'})`));
  }
  if (noisy.cards.length !== clean.cards.length) {
    problems.push(`${noisy.cards.length} cards read, ${clean.cards.length} in the clean text`);
    return problems;
  }
  clean.cards.forEach((card, k) => {
    const noisyCard = noisy.cards[k] as ParsedCard;
    for (const path of silentDifferences(card, noisyCard)) {
      const before = fieldsOf(card).get(path);
      const after = fieldsOf(noisyCard).get(path);
      problems.push(`card ${k + 1}: ${path} silently ${before ?? '(none)'} → ${after ?? '(none)'}`);
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Generators

const index = fc.nat({ max: 10_000 });
export const noiseArbitrary: fc.Arbitrary<Noise> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('wrap' as const), row: index, at: index }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('spaces' as const),
      row: index,
      at: index,
      run: fc.constantFrom('spaces' as const, 'nbsp' as const, 'mixed' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tab' as const), row: index, at: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('softHyphen' as const), row: index, at: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('join' as const), row: index }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('headingCase' as const), row: index, upper: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('pageBreak' as const),
      row: index,
      style: fc.constantFrom('chrome' as const, 'firefox' as const),
      formFeed: fc.boolean(),
    }),
  },
);

/** A noisy file by the corpus cards' indexes: what fast-check generates, shrinks and prints. */
export interface NoisySpec extends Omit<NoisyFile, 'cards'> {
  cards: { card: number; noise: Noise[] }[];
}

export function fileOf(spec: NoisySpec): NoisyFile {
  return {
    ...spec,
    cards: spec.cards.map(({ card, noise }) => ({ rows: corpusRows(CORPUS[card] as CorpusCard), noise })),
  };
}

export const noisySpecArbitrary: fc.Arbitrary<NoisySpec> = fc.record({
  cards: fc.array(
    fc.record({
      card: fc.nat({ max: CORPUS.length - 1 }),
      noise: fc.array(noiseArbitrary, { maxLength: 8 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  separator: fc.constantFrom<SeparatorStyle>('equals', 'dashes', 'stars', 'formFeed', 'none'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  title: fc.constantFrom(
    'Karta zadania – Strategia rozwoju Leszna',
    'Monitoring strategii | Urząd Miasta Leszna',
  ),
  url: fc.constantFrom(
    'https://bip.leszno.pl/strategia/karta.php?id=17',
    'http://www.leszno.pl/monitoring/zadanie/3',
  ),
});
