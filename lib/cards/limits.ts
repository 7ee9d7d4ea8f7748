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

/**
 * The one table of what reading an uploaded card file may cost (README "Limits of uploaded
 * files"). The file's size and text are IMPORT_LIMITS'; a .docx is a zip, bounded by `zip` before
 * it is trusted (lib/files/zip.ts); the extraction and the card parse run in a worker thread
 * bounded by `worker` (lib/cards/upload.ts).
 */
export const UPLOAD_LIMITS = {
  fileBytes: IMPORT_LIMITS.fileBytes,
  textBytes: IMPORT_LIMITS.textBytes,
  zip: {
    /** Entries (parts) of the zip: a Word document has a few dozen. */
    entries: 1_000,
    /**
     * Declared uncompressed size of one part. Mammoth needs up to ~80 bytes of heap per byte of
     * XML (short paragraphs): more than this would run out of the worker's heap anyway.
     */
    entryBytes: 24 * 1024 * 1024,
    /** Declared uncompressed size of all parts together (pictures included, though not read). */
    totalBytes: 32 * 1024 * 1024,
    /** Declared uncompressed bytes per compressed byte of one part over `ratioFloorBytes`. */
    ratio: 200,
    ratioFloorBytes: 1024 * 1024,
    /** Bytes actually inflated, of all the parts read (the zip may lie about its sizes). */
    inflatedBytes: 24 * 1024 * 1024,
  },
  worker: {
    /** The worker's heap (V8's old generation), in MB: about 2–3 MB of Word XML of short paragraphs. */
    heapMb: 256,
    /** V8's young generation, in MB. */
    youngHeapMb: 16,
    /** The time one file (or pasted text) may take to read, after which the worker is ended. */
    timeoutMs: 20_000,
    /** Files read at once; more wait their turn. */
    concurrency: 2,
  },
} as const;
