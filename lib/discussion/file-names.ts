/*
 * What evidence may be attached (the tables file-types.ts checks the content against) and what a
 * file's name may be. No imports: the upload form checks the same names before sending.
 */

export interface Kind {
  /** What the download's Content-Type says. */
  mediaType: string;
  /** The name's extensions this content may carry. */
  extensions: readonly string[];
}

/** By file-type's `ext`. An old .doc/.xls is an OLE container ("cfb"): only those two names. */
export const SNIFFED: Record<string, Kind> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  cfb: { mediaType: 'application/x-cfb', extensions: ['doc', 'xls'] },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  ods: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  odp: { mediaType: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'] },
  jpg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  gif: { mediaType: 'image/gif', extensions: ['gif'] },
  webp: { mediaType: 'image/webp', extensions: ['webp'] },
  tif: { mediaType: 'image/tiff', extensions: ['tif', 'tiff'] },
  heic: { mediaType: 'image/heic', extensions: ['heic'] },
};

/** An old Word or Excel file: the container says only "OLE"; the name tells which. */
export const CFB_TYPES: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

export const TEXT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** Every extension a name may end in (the upload form's `accept`). */
export const ALLOWED_EXTENSIONS = [
  ...new Set([...Object.values(SNIFFED).flatMap((kind) => kind.extensions), ...Object.keys(TEXT_TYPES)]),
].sort();

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * A file name as stored: its own name only. A path (slashes, backslashes, `..`), control
 * characters, or nothing before the extension are refused.
 */
export function checkFileName(name: string): 'ok' | 'badName' | 'badType' {
  if (name.length === 0 || name.length > 200) return 'badName';
  if (/[/\\]/.test(name) || name === '.' || name === '..' || name.includes('..')) return 'badName';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'badName';
  if (name.trim() !== name || name.startsWith('.')) return 'badName';
  if (!ALLOWED_EXTENSIONS.includes(extensionOf(name))) return 'badType';
  return 'ok';
}
