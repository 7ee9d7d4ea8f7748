import { getTranslations } from 'next-intl/server';
import {
  addCommentAction,
  editCommentAction,
  markCommentsReadAction,
  removeAttachmentAction,
  removeCommentAction,
} from '@/actions/comments';
import type { DiscussionView } from '@/lib/discussion/view';
import { AttachmentPanel } from '@/components/discussion/attachment-panel';
import { CommentThread } from '@/components/discussion/comment-thread';

/**
 * A discussion's two sections — the evidence files and the comments — as the task card (`year`
 * null) and the report page show them. The page wraps them in ClientMessages with the
 * `discussion` and `actionErrors` namespaces.
 */
export async function DiscussionSections({
  taskId,
  year,
  discussion,
  intro,
}: {
  taskId: number;
  year: number | null;
  discussion: DiscussionView;
  /** A line above the files saying what this discussion is for. */
  intro?: string;
}) {
  const d = await getTranslations('discussion');
  return (
    <>
      <section
        id="attachments"
        tabIndex={-1}
        className="no-print rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        aria-labelledby="attachments-heading"
      >
        <h2 id="attachments-heading" className="mb-3 text-lg font-semibold">
          {d('attachmentsHeading')}
        </h2>
        {intro && <p className="mb-3 text-sm text-slate-700">{intro}</p>}
        <AttachmentPanel
          taskId={taskId}
          year={year}
          files={discussion.files}
          canAttach={discussion.canAttach}
          locked={discussion.approved}
          limits={discussion.limits}
          removeAttachmentAction={removeAttachmentAction}
        />
      </section>
      <section
        id="comments"
        className="no-print rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        aria-labelledby="comments-heading"
      >
        <h2 id="comments-heading" className="mb-3 text-lg font-semibold">
          {d('commentsHeading')}
        </h2>
        <CommentThread
          taskId={taskId}
          year={year}
          comments={discussion.comments}
          canDiscuss={discussion.canDiscuss}
          approved={discussion.approved}
          addCommentAction={addCommentAction}
          editCommentAction={editCommentAction}
          removeCommentAction={removeCommentAction}
          markReadAction={markCommentsReadAction}
        />
      </section>
    </>
  );
}
