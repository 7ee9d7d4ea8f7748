import 'server-only';
import { asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { strategies } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { invalid } from '@/lib/errors';
import { listPostOptions } from '@/lib/strategy/post-options';
import { getTaskCard } from '@/lib/strategy/task-card';
import { parseInput } from '@/lib/validation';
import { currentExecutorPost, executorPosts, keepReportedActuals, taskCode } from '@/lib/cards/import';
import { IMPORT_LIMITS, previewImportSchema } from '@/lib/cards/import-schema';
import { importMessage } from '@/lib/cards/messages';
import { type ParseError, type ParsedCard, parseCards } from '@/lib/cards/parse';
import type { ParseResult } from '@/lib/cards/parse/types';
import { compareCard } from './compare';
import { formPath, toFormCard, toImportableCard } from './form-card';
import { locateCard, refusalOf } from './placement';
import { FILLABLE_SECTIONS, LIVE_WARNING_KEYS } from './rules';
import type { CardChange, ImportPreview, PreviewBase, PreviewCard, PreviewWarning } from './types';

/*
 * The import preview: previewImport reads the text and compares each card with what is saved,
 * writing nothing; ./confirm-import.ts then saves the (possibly edited) cards. Both check who may:
 * the strategy office imports anything, a coordinator only cards of the programs they coordinate
 * (an existing program, matched by strategy name, goal number and program number).
 */

/**
 * Reads the text into cards for the preview. Writes nothing. `parsed`: the text's cards already
 * parsed by parseCards, in the upload's worker thread (lib/cards/upload.ts); else parsed here.
 */
export async function previewImport(
  db: Db,
  caller: CurrentUser | null,
  input: unknown,
  parsed?: ParseResult | null,
): Promise<ImportPreview> {
  const user = assertCan(caller, { action: 'cards.import' });
  const { text } = parseInput(previewImportSchema, input);
  const { cards, errors: parseErrors, incomplete } = parsed ?? parseCards(text);
  if (cards.length === 0 && parseErrors.length === 0) throw invalid({ text: ['noCardsFound'] });
  // A card cut short is shown with its error, rather than the error alone above the cards.
  const cutErrors = new Set(incomplete.map((item) => item.error));
  const errors = parseErrors.filter((error) => !cutErrors.has(error));

  // A card without a strategy line goes to the strategy in use, when there is just one.
  const active = await db
    .select({ name: strategies.name })
    .from(strategies)
    .where(isNull(strategies.archivedAt))
    .orderBy(asc(strategies.id));
  const fallback = active.length === 1 ? (active[0]?.name ?? '') : '';

  const read: { parsed: ParsedCard; missing: string[]; cutError: ParseError | null }[] = [
    ...cards.map((card) => ({ parsed: card, missing: [], cutError: null })),
    ...incomplete.map((item) => ({
      parsed: item.card,
      missing: item.missing.filter((section) => (FILLABLE_SECTIONS as readonly string[]).includes(section)),
      // The parser's sentence ends "the card was skipped" (true at the command line); here it is shown.
      cutError: {
        ...item.error,
        message: importMessage(
          item.error.message.key === 'parse.cardCutAfterTask'
            ? 'preview.cardCutAfterTask'
            : 'preview.cardCutInSection',
          item.error.message.values,
        ),
      },
    })),
  ].sort((a, b) => a.parsed.line - b.parsed.line);

  const out: PreviewCard[] = [];
  for (const { parsed: parsedCard, missing, cutError } of read) {
    const named = parsedCard.strategy.name.trim();
    let card = toFormCard(parsedCard, named || fallback);
    // The warnings that depend on what the user edits are computed from the form as it is
    // (lib/cards/preview/rules.ts), on the screen after every change.
    const warnings: PreviewWarning[] = parsedCard.warnings
      .filter((warning) => !LIVE_WARNING_KEYS.has(warning.message.key))
      .map((warning) => ({
        path: warning.path,
        field: formPath(warning.path, card.years),
        message: warning.message,
      }));
    if (!named && fallback) {
      warnings.push({
        path: 'strategy.name',
        field: 'strategyName',
        message: importMessage('preview.strategyAssumed', { name: fallback }),
      });
    }
    const located = await locateCard(db, card);
    // A card cut short before its stages has no years: those of its strategy, when it has one.
    if (card.years.length === 0 && located.strategyId !== null) {
      const [span] = await db
        .select({ start: strategies.startYear, end: strategies.endYear })
        .from(strategies)
        .where(eq(strategies.id, located.strategyId));
      if (span && span.end >= span.start && span.end - span.start < IMPORT_LIMITS.years) {
        const years = Array.from({ length: span.end - span.start + 1 }, (_, k) => span.start + k);
        card = toFormCard({ ...toImportableCard(card), years }, card.strategyName);
      }
    }
    const refusal = refusalOf(user, located);
    let changes: CardChange[] = [];
    let base: PreviewBase | null = null;
    if (located.taskId !== null && located.taskVersion !== null && refusal === null) {
      // As the confirm will save it: the actuals of years with a report stay as saved.
      const kept = await keepReportedActuals(
        db,
        located.taskId,
        toImportableCard(card),
        taskCode(parsedCard),
      );
      card = toFormCard(kept.card, card.strategyName);
      for (const message of kept.notes) warnings.push({ path: 'stages', field: 'stages', message });
      changes = compareCard(await getTaskCard(db, user, located.taskId), card);
      base = { taskId: located.taskId, version: located.taskVersion };
    }
    // The executor's post: the one the card names, else the one the task has; the user may choose.
    const candidates = await executorPosts(db, toImportableCard(card));
    const holder = located.taskId === null ? null : await currentExecutorPost(db, located.taskId);
    card.task.executorPostId = candidates.length === 1 ? (candidates[0] ?? null) : holder;
    out.push({
      card,
      warnings,
      line: parsedCard.line,
      existingTaskId: base?.taskId ?? null,
      base,
      changes,
      refusal,
      missing,
      cutError,
    });
  }
  return { cards: out, errors, posts: await listPostOptions(db) };
}
