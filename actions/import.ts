'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/actions/run';
import { confirmImport } from '@/lib/cards/preview/confirm-import';

// The preview (pasted text or a file) goes through app/(app)/import/upload/route.ts: a server action's body is
// limited to 1 MB, and a card text may have 2 MB.

/** Saves the confirmed (possibly edited) cards in one transaction. */
export async function confirmImportAction(input: unknown) {
  const result = await runCommand((db, user) => confirmImport(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}
