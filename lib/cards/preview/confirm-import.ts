import 'server-only';
import { and, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import { posts } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { PublicError, invalid } from '@/lib/errors';
import { toRoman } from '@/lib/numbers';
import { parseInput, requiredId, versionField } from '@/lib/validation';
import { CardImportError, commitCards } from '@/lib/cards/import';
import { type ConfirmImportInput, confirmImportSchema, IMPORT_LIMITS } from '@/lib/cards/import-schema';
import { type ImportMessage, importMessage } from '@/lib/cards/messages';
import { toImportableCard } from './form-card';
import { changedSincePreview, locateCard } from './placement';
import { FILLABLE_SECTIONS, incompleteProblems } from './rules';
import type { ImportSummary } from './types';

/*
 * Saving the cards of the import preview, as the user confirmed (and maybe edited) them, with
 * commitCards in one transaction. Who may is checked again, and the confirm gets back, per card,
 * the task and version the preview compared it with: it saves nothing when one of those tasks has
 * changed since.
 */

/**
 * What the confirm takes: the cards as the form's schema has them, and per card the base its
 * preview showed. The bases are not the user's input, so the form does not check them.
 */
const confirmRequestSchema = confirmImportSchema
  .and(
    z.object({
      bases: z
        .array(z.object({ taskId: requiredId, version: versionField }).nullable(), 'invalid')
        .max(IMPORT_LIMITS.cards, 'tooMany'),
      /** Per card, the sections its text lacked (a card cut short); none when left out. */
      missing: z
        .array(
          z.array(z.enum(FILLABLE_SECTIONS, 'invalid')).max(FILLABLE_SECTIONS.length, 'invalid'),
          'invalid',
        )
        .max(IMPORT_LIMITS.cards, 'tooMany')
        .optional(),
    }),
  )
  .refine((request) => request.bases.length === request.cards.length, {
    path: ['bases'],
    message: 'invalid',
  });

/**
 * Saves the confirmed cards: validated again (the browser's checks prove nothing), then
 * commitCards in one transaction — all or nothing. Inside it, under the import lock, the user's
 * account and roles are read again and every card is located again: a coordinator deactivated, whose
 * role ended, or whose program changed hands since the request began (or since the preview)
 * imports nothing; nor does anyone when a card's task changed since the preview (a conflict).
 */
export async function confirmImport(
  db: Db,
  caller: CurrentUser | null,
  input: unknown,
): Promise<ImportSummary> {
  const user = assertCan(caller, { action: 'cards.import' });
  const request = parseInput(confirmRequestSchema, input);
  const data: ConfirmImportInput = request;
  const { bases } = request;
  const missing = request.missing ?? [];
  // A card cut short is saved only once the sections it lacked are filled in (as the screen says).
  const incomplete: Record<string, string[]> = {};
  data.cards.forEach((card, index) => {
    if (incompleteProblems(card, missing[index] ?? []).length > 0)
      incomplete[`cards.${index}`] = ['cardIncomplete'];
  });
  if (Object.keys(incomplete).length > 0) throw invalid(incomplete);

  // Who may import which card is commitCards' own check (the account and roles read again in its
  // transaction); what is left is the screen's: the tasks are still the ones the preview compared.
  const checkPreview = async (tx: Tx) => {
    const changed: Record<string, ImportMessage> = {};
    for (const [index, card] of data.cards.entries()) {
      const located = await locateCard(tx, card, true);
      if (changedSincePreview(located, bases[index] ?? null)) {
        changed[`cards.${index}`] = importMessage('preview.changedSincePreview', {
          task: `${toRoman(card.goal.number)}.${card.program.number}.${card.task.number}`,
        });
      }
    }
    // The executor's post chosen in the preview must (still) exist.
    const chosen = [
      ...new Set(data.cards.flatMap((card) => (card.task.executorPostId ? [card.task.executorPostId] : []))),
    ];
    const existing = chosen.length
      ? new Set(
          (
            await tx
              .select({ id: posts.id })
              .from(posts)
              .where(and(inArray(posts.id, chosen), isNull(posts.archivedAt)))
          ).map((row) => row.id),
        )
      : new Set<number>();
    const gone: Record<string, string[]> = {};
    data.cards.forEach((card, index) => {
      const postId = card.task.executorPostId;
      if (postId && !existing.has(postId)) gone[`cards.${index}.task.executorPostId`] = ['postNotFound'];
    });
    if (Object.keys(gone).length > 0) throw invalid(gone);
    // The preview showed other changes than saving would make now: save nothing.
    if (Object.keys(changed).length > 0) {
      const keys = Object.fromEntries(Object.keys(changed).map((path) => [path, ['changedSincePreview']]));
      throw new PublicError('conflict', keys, changed);
    }
  };

  try {
    return await commitCards(db, data.cards.map(toImportableCard), {
      importer: { user },
      checkPreview,
    });
  } catch (error) {
    // The importer's own refusals (years outside the strategy's span …) are written for people.
    if (error instanceof CardImportError) {
      throw new PublicError('invalid', { _form: ['cardRefused'] }, { _form: error.importMessage });
    }
    throw error;
  }
}
