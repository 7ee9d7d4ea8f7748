import type { z } from 'zod';
import type { ActionResult } from '@/lib/actions/result';
import { storeAttachment } from '@/lib/discussion/attachments';
import {
  attachmentRefSchema,
  commentRefSchema,
  commentSchema,
  editCommentSchema,
} from '@/lib/discussion/schema';
import { invalid } from '@/lib/errors';

/*
 * The hostile-input rows of a discussion (tests/reliability/hostile-input.test.ts) — a report's
 * (`year`) or the task card's (`year` null): its server actions, and the evidence upload route's
 * data-layer call with a name and bytes as a forged request would send them. `commentId` is the
 * executor's own comment in that thread.
 */
export async function discussionCases(taskId: number, year: number | null, commentId: number) {
  const where = year === null ? ' (task card)' : '';
  const discussion = await import('@/actions/comments');
  const { runCommand } = await import('@/actions/run');
  const cases: {
    name: string;
    acceptsBase?: true;
    actor: string;
    schema: z.ZodType | null;
    base: Record<string, unknown>;
    call: (input: unknown) => Promise<ActionResult<unknown>>;
  }[] = [
    {
      name: `addCommentAction${where}`,
      acceptsBase: true,
      actor: 'executor',
      schema: commentSchema,
      base: { body: 'Proszę @sekretarz o decyzję' },
      call: (input) => discussion.addCommentAction(taskId, year, input),
    },
    {
      name: `editCommentAction${where}`,
      acceptsBase: true,
      actor: 'executor',
      schema: editCommentSchema,
      base: { commentId, body: 'Poprawione' },
      call: (input) => discussion.editCommentAction(taskId, year, input),
    },
    {
      name: `removeCommentAction${where}`,
      actor: 'executor',
      schema: commentRefSchema,
      base: { commentId: 999_999 },
      call: (input) => discussion.removeCommentAction(taskId, year, input),
    },
    {
      name: `markCommentsReadAction${where}`,
      acceptsBase: true,
      actor: 'executor',
      schema: commentRefSchema,
      base: { commentId },
      call: (input) => discussion.markCommentsReadAction(taskId, year, input),
    },
    {
      name: `removeAttachmentAction${where}`,
      actor: 'executor',
      schema: attachmentRefSchema,
      base: { attachmentId: 999_999 },
      call: (input) => discussion.removeAttachmentAction(taskId, year, input),
    },
    {
      // The upload route (app/api/attachments): a name from a header and the bytes of the body.
      name: `evidence upload (route)${where}`,
      acceptsBase: true,
      actor: 'executor',
      schema: null,
      base: { name: 'protokół.pdf', content: '%PDF-1.4 protokół odbioru' },
      call: (input) =>
        runCommand(async (db, user) => {
          const { name, content } = (input ?? {}) as { name?: unknown; content?: unknown };
          if (typeof name !== 'string') throw invalid({ file: ['badName'] });
          const bytes = Buffer.from(typeof content === 'string' ? content : JSON.stringify(content ?? ''));
          return storeAttachment(db, user, taskId, year, {
            name,
            declaredBytes: bytes.length,
            body: (async function* () {
              yield bytes;
            })(),
          });
        }),
    },
  ];
  return cases;
}
