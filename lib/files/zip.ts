import yauzl from 'yauzl';

/*
 * A zip the server opens (a .docx today; an .xlsx, an ODF file or an attachment later) is bounded
 * before it is trusted. yauzl reads the central directory first, so that too many entries, a
 * declared uncompressed size over the limit (of one entry or of all) or a compression ratio beyond
 * sense are refused before a byte is inflated. A zip can lie about its sizes: the entries that are
 * read are inflated as a stream whose real output is counted, and the stream is destroyed as soon
 * as it passes the limit.
 */

export interface ZipLimits {
  /** Most entries in the central directory. */
  entries: number;
  /** Most declared uncompressed bytes of one entry. */
  entryBytes: number;
  /** Most declared uncompressed bytes of all entries together. */
  totalBytes: number;
  /** Most declared uncompressed bytes per compressed byte of one entry… */
  ratio: number;
  /** …checked for entries that declare more than this (a tiny part may compress very well). */
  ratioFloorBytes: number;
  /** Most bytes actually inflated, of all the entries read together. */
  inflatedBytes: number;
}

/** Why a zip was refused: not a (whole) zip, too many entries, or too much once inflated. */
export type ZipRefusal = 'corrupt' | 'tooManyEntries' | 'tooLarge';

export class ZipRefused extends Error {
  constructor(
    readonly reason: ZipRefusal,
    detail: string,
  ) {
    super(`zip refused (${reason}): ${detail}`);
    this.name = 'ZipRefused';
  }
}

export interface ZipEntryInfo {
  name: string;
  compressedBytes: number;
  /** What the central directory says; the real size is checked while inflating. */
  declaredBytes: number;
}

export interface BoundedZip {
  entries: readonly ZipEntryInfo[];
  /** The inflated bytes of one entry, counted against the limits; throws ZipRefused. */
  read(name: string): Promise<Buffer>;
  /** The bytes actually inflated so far. */
  inflated(): number;
  close(): void;
}

const corrupt = (error: unknown) =>
  error instanceof ZipRefused ? error : new ZipRefused('corrupt', String((error as Error)?.message ?? error));

/** Opens a zip held in memory, refusing it by its central directory before anything is inflated. */
export async function openBoundedZip(bytes: Buffer, limits: ZipLimits): Promise<BoundedZip> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, {
      lazyEntries: true,
      autoClose: false,
      // Checked below instead, so that an entry inflating to more than it declares is 'tooLarge'.
      validateEntrySizes: false,
      strictFileNames: false,
    });
  } catch (error) {
    throw corrupt(error);
  }
  try {
    // The end-of-central-directory record gives the count before a single entry is read.
    if (zip.entryCount > limits.entries) {
      throw new ZipRefused('tooManyEntries', `${zip.entryCount} entries, at most ${limits.entries}`);
    }
    const entries = new Map<string, yauzl.Entry>();
    let declaredTotal = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (error) => reject(corrupt(error)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const declared = entry.uncompressedSize;
        declaredTotal += declared;
        if (entries.size >= limits.entries) {
          reject(new ZipRefused('tooManyEntries', `more than ${limits.entries} entries`));
        } else if (declared > limits.entryBytes) {
          reject(new ZipRefused('tooLarge', `${entry.fileName} declares ${declared} bytes`));
        } else if (declaredTotal > limits.totalBytes) {
          reject(new ZipRefused('tooLarge', `the entries declare more than ${limits.totalBytes} bytes`));
        } else if (
          declared > limits.ratioFloorBytes &&
          declared > limits.ratio * Math.max(entry.compressedSize, 1)
        ) {
          reject(
            new ZipRefused(
              'tooLarge',
              `${entry.fileName} declares ${declared} from ${entry.compressedSize} bytes`,
            ),
          );
        } else {
          entries.set(entry.fileName, entry);
          zip.readEntry();
        }
      });
      zip.readEntry();
    });

    let inflated = 0;
    return {
      entries: [...entries.values()].map((entry) => ({
        name: entry.fileName,
        compressedBytes: entry.compressedSize,
        declaredBytes: entry.uncompressedSize,
      })),
      inflated: () => inflated,
      close: () => zip.close(),
      async read(name) {
        const entry = entries.get(name);
        if (!entry) throw new ZipRefused('corrupt', `no entry ${name}`);
        let stream: NodeJS.ReadableStream & { destroy(error?: Error): void };
        try {
          stream = await zip.openReadStreamPromise(entry);
        } catch (error) {
          throw corrupt(error);
        }
        const chunks: Buffer[] = [];
        let produced = 0;
        return new Promise<Buffer>((resolve, reject) => {
          const refuse = (detail: string) => {
            stream.destroy();
            reject(new ZipRefused('tooLarge', detail));
          };
          stream.on('data', (chunk: Buffer) => {
            produced += chunk.length;
            inflated += chunk.length;
            // The entry lies about its size, or the entries together inflate to too much.
            if (produced > entry.uncompressedSize) return refuse(`${name} inflates to more than it declares`);
            if (inflated > limits.inflatedBytes)
              return refuse(`more than ${limits.inflatedBytes} bytes inflated`);
            chunks.push(chunk);
          });
          stream.on('error', (error) => reject(corrupt(error)));
          stream.on('end', () => {
            if (produced !== entry.uncompressedSize) {
              reject(
                new ZipRefused(
                  'corrupt',
                  `${name} inflates to ${produced} of ${entry.uncompressedSize} bytes`,
                ),
              );
            } else resolve(Buffer.concat(chunks));
          });
        });
      },
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}
