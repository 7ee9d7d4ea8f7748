/**
 * The rows of tests/integration/actions-authorization.test.ts for a discussion's actions — a
 * report's (`year`) or the task card's (`year` null), aimed at the executor's own comment and file
 * in that thread: who must be refused each action (`except(...allowed)`: everyone else), and the
 * call.
 */
export function discussionRows<Actor extends string>(
  except: (...allowed: Actor[]) => Actor[],
  task: number,
  year: number | null,
  suffix: string,
  commentId: number,
  attachmentId: number,
): Record<string, [Actor[], () => Promise<{ status: string; code?: string }>]> {
  const comments = () => import('@/actions/comments');
  const discussants = ['executor', 'coordinator', 'goalOwner', 'admin'] as Actor[];
  return {
    [`addCommentAction${suffix}`]: [
      except(...discussants),
      async () => (await comments()).addCommentAction(task, year, { body: 'Obcy' }),
    ],
    [`editCommentAction${suffix}`]: [
      except('executor' as Actor),
      async () => (await comments()).editCommentAction(task, year, { commentId, body: 'Podmiana' }),
    ],
    [`removeCommentAction${suffix}`]: [
      except('executor' as Actor, 'admin' as Actor),
      async () => (await comments()).removeCommentAction(task, year, { commentId }),
    ],
    [`removeAttachmentAction${suffix}`]: [
      except('executor' as Actor, 'admin' as Actor),
      async () => (await comments()).removeAttachmentAction(task, year, { attachmentId }),
    ],
    // Anyone who reads the thread marks it read for themselves: only no session is refused.
    [`markCommentsReadAction${suffix}`]: [
      ['anonymous' as Actor],
      async () => (await comments()).markCommentsReadAction(task, year, { commentId }),
    ],
  };
}
