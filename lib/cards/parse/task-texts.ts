/**
 * The card's texts: the free-text sections (addressees, justification, description), the executor
 * ("Realizator"), and the check for words run together on any text of the card.
 */
import type { CardData } from '@/lib/cards/types';
import { DASH_SEPARATOR, findGluedWord, type Line, type Warn } from './lines';
import type { ParsedCard } from './types';

/** A free-text section as written: its lines kept, blank ones at the ends dropped, runs of them folded to one. */
export function block(body: Line[] | undefined): string {
  if (!body) return '';
  const lines = body.map((line) => line.raw.replace(/\u00a0/g, ' ').trim());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.filter((line, i) => line !== '' || lines[i - 1] !== '').join('\n');
}

const FUNCTION_WORDS =
  /^(naczelnik|dyrektor|kierownik|prezes|komendant|sekretarz|skarbnik|zastępca|pełnomocnik|rzecznik|koordynator|prezydent|burmistrz|wójt|inspektor|główny|p\.o\.)\b/i;

export function parseExecutor(
  body: Line[],
  warn: Warn,
): { executor: CardData['task']['executor']; executorText: string } {
  const splitDash = (text: string) => {
    const match = /^(.*\S)\s+[-–—]\s+(\S.*)$/.exec(text);
    return match ? { department: match[1] ?? '', function: match[2] ?? '' } : null;
  };
  // A line wrapped over two ("Wydział Promocji i" / "Rozwoju – Naczelnik"): a dash at the end of
  // one or the start of the next, or the dash between department and post on one line only.
  const rows: Line[] = [];
  for (const line of body) {
    if (line.text === '') continue;
    const before = rows[rows.length - 1];
    if (before && rows.length === 1) {
      const edge = DASH_SEPARATOR.test(before.text) || /^[-–—]\s/.test(line.text);
      const oneSide = !edge && (splitDash(before.text) === null) !== (splitDash(line.text) === null);
      if (edge || oneSide) {
        if (oneSide) warn('task.executor', 'parse.executorJoined', { first: before.text, second: line.text });
        rows[0] = {
          no: before.no,
          raw: `${before.raw.trim()} ${line.raw.trim()}`,
          text: `${before.text} ${line.text}`,
        };
        continue;
      }
    }
    rows.push(line);
  }
  const executorText = rows.map((line) => line.raw.trim()).join('\n');
  if (rows.length === 0) {
    warn('task.executor', 'parse.executorMissing');
    return { executor: { department: '', function: '' }, executorText };
  }
  const first = rows[0]?.text ?? '';
  const second = rows[1]?.text ?? '';
  if (rows.length > 2 || (rows.length === 2 && splitDash(first) && splitDash(second))) {
    warn('task.executor', 'parse.executorSeveral', { rows: rows.length, first });
  }
  const oneLine = splitDash(first);
  if (oneLine && (rows.length === 1 || splitDash(second))) return { executor: oneLine, executorText };
  if (rows.length >= 2) {
    return {
      executor: { department: first.replace(DASH_SEPARATOR, ''), function: second },
      executorText,
    };
  }
  if (!FUNCTION_WORDS.test(first)) {
    warn('task.executor', 'parse.executorSplit', { executor: first });
  }
  // A post's own name ("Dyrektor Miejskiego Ośrodka Pomocy Rodzinie"): matched by post name.
  return { executor: { department: '', function: '' }, executorText };
}

/** Warns of words run together ("TechnologiiRegionalna"), what copying from a PDF often leaves, in every text of the card. */
export function checkGluedWords(card: ParsedCard, warn: Warn) {
  const check = (path: string, text: string, partner = false) => {
    const glued = findGluedWord(text);
    if (!glued) return;
    if (partner) warn(path, 'parse.gluedPartner', glued);
    else warn(path, 'parse.gluedWord', { word: glued.word });
  };
  check('goal.title', card.goal.title);
  check('goal.owner', card.goal.owner);
  check('program.title', card.program.title);
  check('program.coordinator', card.program.coordinator);
  check('task.title', card.task.title);
  check('task.addressees', card.task.addressees);
  check('task.justification', card.task.justification);
  check('task.description', card.task.description);
  check('task.executor', card.task.executorText);
  card.stages.forEach((stage, i) => check(`stages.${i}.name`, stage.name));
  card.partners.forEach((partner, i) => {
    check(`partners.${i}.name`, partner.name, true);
    check(`partners.${i}.scope`, partner.scope);
  });
  card.indicators.forEach((indicator, i) => {
    check(`indicators.${i}.name`, indicator.name);
    check(`indicators.${i}.source`, indicator.source);
  });
  card.funding.forEach((item, i) => check(`funding.${i}.source`, item.source));
}
