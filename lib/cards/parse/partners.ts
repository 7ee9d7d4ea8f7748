/**
 * The partners ("Podmioty współpracujące"): a name and a scope of cooperation per partner, on one
 * row (with or without a tab between them) or on two.
 */
import type { CardData } from '@/lib/cards/types';
import { isAbbreviation, type Line, MAX_ROW_TOKENS, tabColumns, TITLE_WORD, type Warn } from './lines';

/** First words of a scope of cooperation on real cards ("Wymiana informacji, …"). */
const SCOPE_OPENINGS = new Set(
  [
    'wymiana',
    'współpraca',
    'wsparcie',
    'udział',
    'uczestnictwo',
    'organizacja',
    'współorganizacja',
    'pomoc',
    'konsultacje',
    'konsultowanie',
    'doradztwo',
    'promocja',
    'realizacja',
    'współrealizacja',
    'przekazywanie',
    'przekazanie',
    'udostępnianie',
    'udostępnienie',
    'opiniowanie',
    'finansowanie',
    'współfinansowanie',
    'partnerstwo',
    'patronat',
    'szkolenia',
    'prowadzenie',
    'przygotowanie',
    'koordynacja',
    'informowanie',
    'zapewnienie',
    'nadzór',
    'opracowanie',
    'badania',
    'pozyskiwanie',
    'rekrutacja',
    'obsługa',
    'członkostwo',
    'dostarczanie',
    'monitorowanie',
    'ewaluacja',
    'diagnoza',
  ].map((word) => word.toLowerCase()),
);

function firstWord(text: string): string {
  return (text.split(' ')[0] ?? '').replace(/[,.:;]+$/, '').toLowerCase();
}

function isLowerish(token: string): boolean {
  if (isAbbreviation(token)) return true;
  const letter = /\p{L}/u.exec(token);
  return !letter || /\p{Ll}/u.test(letter[0]);
}

/** Index of the token where the scope most plausibly starts ("… Zawodowa | Wymiana informacji, …"). */
function scopeStart(tokens: string[]): number | null {
  for (let c = 1; c < tokens.length; c++) {
    const token = tokens[c] ?? '';
    if (!TITLE_WORD.test(token)) continue;
    if (SCOPE_OPENINGS.has(firstWord(token)) && tokens.slice(c + 1).every(isLowerish)) return c;
    const rest = tokens.slice(c + 1);
    // "… Zawodowa Wymiana informacji, …" yes; "Zespół Szkół Ponadgimnazjalnych nr 1" no: a scope
    // has at least one ordinary word after its first.
    if (rest.every(isLowerish) && rest.some((word) => /^\p{Ll}{4,}/u.test(word))) return c;
  }
  return null;
}

/** Words a cell's text does not end with: the phrase goes on in the next line. */
const OPEN_ENDINGS = new Set([
  'i',
  'w',
  'z',
  'o',
  'u',
  'a',
  'na',
  'do',
  'od',
  'po',
  'we',
  'ze',
  'za',
  'dla',
  'oraz',
  'przy',
  'przez',
  'nad',
  'pod',
  'ds.',
]);

function continuesRow(before: string, text: string): boolean {
  const first = text.charAt(0);
  if (/\p{Ll}/u.test(first) && !isAbbreviation(text.split(' ')[0] ?? '')) return true;
  if (!/\p{L}/u.test(first) && !/^\d{1,3}\s*[.)]\s/.test(text) && !/^[„"(]/.test(text)) return true;
  const last = before.slice(before.lastIndexOf(' ') + 1);
  return OPEN_ENDINGS.has(last.toLowerCase()) || /[,–-]$/.test(last);
}

interface PartnerRow {
  line: Line;
  tokens: string[];
  start: number | null;
}

export function parsePartners(body: Line[], warn: Warn): CardData['partners'] {
  const lines = body
    .filter((line) => line.text !== '')
    .filter((line) => !(/^nazwa\b/i.test(line.text) && /zakres/i.test(line.text)))
    .filter((line) => !/^brak\.?$/i.test(line.text));
  // A cell's text wrapped onto the next line: a line that cannot start a partner's row (a small
  // letter or no letter first) or that follows a row ending mid-phrase goes on the row before.
  const joined: { line: Line; from: Line }[] = [];
  for (const line of lines) {
    const before = joined[joined.length - 1];
    if (before && continuesRow(before.line.text, line.text)) {
      before.line = {
        no: before.line.no,
        raw: `${before.line.raw.trimEnd()} ${line.raw.trim()}`,
        text: `${before.line.text} ${line.text}`,
      };
      continue;
    }
    joined.push({ line, from: line });
  }
  const wrappedRows = new Set(joined.filter((row) => row.line !== row.from).map((row) => row.line));
  const rows: PartnerRow[] = joined
    .map(({ line }) => line)
    .map((line) => {
      const tokens = line.text.split(' ');
      return { line, tokens, start: tokens.length > MAX_ROW_TOKENS ? null : scopeStart(tokens) };
    });

  // A scope written on several rows (or alone on a row) is known: it tells where names end.
  const seen = new Map<string, number>();
  const bump = (text: string) => seen.set(text, (seen.get(text) ?? 0) + 1);
  for (const row of rows) {
    if (row.start !== null) bump(row.tokens.slice(row.start).join(' '));
    else bump(row.line.text);
  }
  const knownScopes = [...seen.entries()]
    .filter(([text, n]) => n >= 2 && text.includes(' '))
    .map(([text]) => text)
    .slice(0, 50);
  const isKnownScope = (text: string) => knownScopes.includes(text);
  const isPureScope = (row: PartnerRow): 'known' | 'shape' | null => {
    if (isKnownScope(row.line.text)) return 'known';
    if (row.start !== null) return null;
    if (SCOPE_OPENINGS.has(firstWord(row.line.text))) return 'known';
    const [head, ...rest] = row.tokens;
    if (head && TITLE_WORD.test(head) && rest.length >= 1 && rest.every(isLowerish)) return 'shape';
    return null;
  };

  const out: CardData['partners'] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    const path = `partners.${out.length}`;
    if (wrappedRows.has(row.line)) {
      warn(path, 'parse.partnerLinesJoined', { line: row.line.no, text: row.line.text });
    }
    const columns = tabColumns(row.line.raw);
    if (columns.length >= 2) {
      out.push({ name: columns[0] ?? '', scope: columns.slice(1).join(' ') });
      continue;
    }
    const known = knownScopes.find(
      (scope) => row.line.text.endsWith(` ${scope}`) && row.line.text.length > scope.length + 1,
    );
    if (known) {
      out.push({ name: row.line.text.slice(0, row.line.text.length - known.length - 1), scope: known });
      continue;
    }
    if (row.start !== null) {
      const name = row.tokens.slice(0, row.start).join(' ');
      const scope = row.tokens.slice(row.start).join(' ');
      out.push({ name, scope });
      if (!SCOPE_OPENINGS.has(firstWord(scope))) {
        warn(`${path}.name`, 'parse.partnerSplit', { line: row.line.no, name, scope });
      }
      continue;
    }
    // A name alone; its scope may be the next row.
    const next = rows[r + 1];
    const nextKind = next ? isPureScope(next) : null;
    if (next && nextKind) {
      out.push({ name: row.line.text, scope: next.line.text });
      if (nextKind === 'shape') {
        warn(`${path}.scope`, 'parse.partnerScopeRow', {
          line: next.line.no,
          text: next.line.text,
          partnerLine: row.line.no,
        });
      }
      r++;
      continue;
    }
    out.push({ name: row.line.text, scope: '' });
    // A name alone among other rows: a partner without a scope, or a piece of a wrapped row (a
    // name wrapped onto the next row, a scope onto this one) — the text cannot tell.
    if (rows.length > 1)
      warn(`${path}.name`, 'parse.partnerNoScope', { line: row.line.no, name: row.line.text });
  }
  return out;
}
