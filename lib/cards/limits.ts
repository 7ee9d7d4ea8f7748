/*
 * The one table of how much a task card may hold, used by the card editor's schema
 * (./card-schema.ts) and the import's (./import-schema.ts): a card that imports opens and saves in
 * the editor. Every column is `text` (db/schema/strategy.ts), so these are limits of sense, not of
 * storage; they are the import's, the larger of the two sets the schemas had before.
 */
export const CARD_LIMITS = {
  /** A task's title. */
  title: 500,
  /** Addressees, justification, description. */
  longText: 10_000,
  /** A name: of a stage, an indicator, a partner (and its scope), a funding source; a goal's or program's title; the budget note. */
  name: 1_000,
  /** A short text: an indicator's source, a post's name, a strategy's name. */
  short: 300,
  /** A typed value: the total cost, a funding value, an indicator's value or target. */
  value: 200,
  /** An indicator's unit (set in the editor). */
  unit: 50,
  /** Rows of each list: stages, indicators, partners, funding. */
  rows: 200,
  /** Years of one card. */
  years: 30,
} as const;

/** The import's own limits on top of the card's: its text, its file, cards at once. */
export const IMPORT_LIMITS = {
  ...CARD_LIMITS,
  /** Pasted or extracted text, in UTF-8 bytes. */
  textBytes: 2 * 1024 * 1024,
  /** An uploaded file, checked before it is read. */
  fileBytes: 5 * 1024 * 1024,
  cards: 200,
} as const;
