/*
 * Where a form shows the errors of a failed submission. A form marks the fields it displays; an
 * error anywhere else (a hidden id or version, a value the form never sends as a field) would be
 * set on react-hook-form's state with no element to show it, and the user would see nothing. Such
 * errors become one message for the whole form instead.
 */

/** The form-level key for a refused value the user never typed (a hidden id, a version). */
export const STALE_FORM = 'staleForm';

/**
 * Keys that only say "this value is wrong": meaningful next to a field, meaningless without one.
 * Any other key (`planChanged`, `yearNotOpen` …) is a sentence of its own and is shown as it is.
 */
const VALUE_KEYS = new Set([
  'invalid',
  'required',
  'tooLong',
  'invalidCharacters',
  'notAnInteger',
  'outOfRange',
  'notANumber',
  'negative',
  'above100',
  'tooManyDecimals',
  'unknownRow',
]);

export interface PlacedErrors {
  /** Errors the form shows at their fields: path and message key. */
  atFields: { path: string; key: string }[];
  /** Message keys for the form's status line, without repeats; `STALE_FORM` stands for hidden values. */
  formKeys: string[];
}

/** Splits field errors (`path → message keys`) into those shown at fields and the form's message. */
export function placeFieldErrors(
  fieldErrors: Record<string, string[]>,
  shows: (path: string) => boolean,
): PlacedErrors {
  const atFields: PlacedErrors['atFields'] = [];
  const formKeys = new Set<string>();
  for (const [path, keys] of Object.entries(fieldErrors)) {
    const key = keys[0] ?? 'invalid';
    if (shows(path)) atFields.push({ path, key });
    else formKeys.add(VALUE_KEYS.has(key) ? STALE_FORM : key);
  }
  return { atFields, formKeys: [...formKeys] };
}

/** The paths the form shows errors at, as patterns over whole paths (`weights.\d+.weight`). */
export function shownPaths(patterns: readonly string[]): (path: string) => boolean {
  const expressions = patterns.map((pattern) => new RegExp(`^${pattern.replace(/\./g, '\\.')}$`));
  return (path) => expressions.some((expression) => expression.test(path));
}

/**
 * react-hook-form's nested errors (from the browser's own validation) as `path → message keys`,
 * the same shape as a server action's. An array's own error (`root`) belongs to the array's path.
 */
export function flattenFormErrors(errors: unknown, prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!errors || typeof errors !== 'object') return out;
  const node = errors as Record<string, unknown>;
  // A field's own error: { type, message, ref }. (A row's field may be called `type` too: its value
  // is then an object, not a string.)
  const isError = typeof node.message === 'string' && typeof node.type === 'string';
  if (isError) out[prefix || '_form'] = [node.message as string];
  for (const [key, child] of Object.entries(node)) {
    if (isError && (key === 'message' || key === 'type' || key === 'ref' || key === 'types')) continue;
    const path = key === 'root' ? prefix : prefix ? `${prefix}.${key}` : key;
    Object.assign(out, flattenFormErrors(child, path));
  }
  return out;
}
