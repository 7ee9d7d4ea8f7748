import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attachments, comments, mailOutbox, users } from '@/db/schema';
import { openAttachment, removeAttachment, storeAttachment } from '@/lib/discussion/attachments';
import {
  addComment,
  editComment,
  listComments,
  markCommentsRead,
  removeComment,
} from '@/lib/discussion/comments';
import { getDiscussionView } from '@/lib/discussion/view';
import { listUnreadComments } from '@/lib/discussion/unread';
import { decideReport } from '@/lib/reports/decide';
import { saveReport } from '@/lib/reports/save';
import { getReportView } from '@/lib/reports/view';
import { auditRows, snapshot, submittedAsPlanned } from '../support/fixtures';
import { PDF, PNG, bytesOf, executable, sha256Of, streamOf } from '../support/evidence-files';
import { refusalOf } from '../support/refusals';
import { testBackends } from '../support/test-db';
import { workflowDatabaseForTests } from '../support/workflow-db';

/*
 * Issue 23 on the task card: the task's own thread and evidence, beside (not mixed with) each
 * yearly report's. Who may read, comment, attach and download; mentions and the inbox; the files
 * checked and read back byte for byte; the task's limit over its card and reports together; an
 * approved report locks only its own files.
 */

const YEAR = 2012;
const CARD = null;

describe.each(testBackends())('task card discussion on $name', (backend) => {
  const world = workflowDatabaseForTests(backend, { openYear: YEAR });
  const db = () => world.db();
  const user = (name: string) => world.people[name]!;
  const task = () => world.fixture.taskId;
  const upload = (who: string, year: number | null, name: string, bytes: Buffer) =>
    storeAttachment(db(), user(who), task(), year, {
      name,
      declaredBytes: bytes.length,
      body: streamOf(bytes),
    });

  it('keeps the task card’s thread apart from its reports’: the task’s people write, everyone reads', async () => {
    // A report's comment stays on the report.
    await getReportView(db(), user('executor'), task(), YEAR).then((view) =>
      saveReport(db(), user('executor'), task(), YEAR, { ...submittedAsPlanned(view, ''), intent: 'save' }),
    );
    await addComment(db(), user('executor'), task(), YEAR, { body: 'O sprawozdaniu' });
    for (const who of ['executor', 'coordinator', 'goalOwner', 'admin']) {
      await addComment(db(), user(who), task(), CARD, { body: `O zadaniu: ${who}` });
    }
    const card = await listComments(db(), user('otherExecutor'), task(), CARD);
    expect(card.map((comment) => comment.body)).toEqual([
      'O zadaniu: executor',
      'O zadaniu: coordinator',
      'O zadaniu: goalOwner',
      'O zadaniu: admin',
    ]);
    expect(card.every((comment) => !comment.canEdit && !comment.canRemove)).toBe(true);
    expect(card[2]!.authorPost).toBe('Sekretarz Miasta Leszna');
    const report = await listComments(db(), user('otherExecutor'), task(), YEAR);
    expect(report.map((comment) => comment.body)).toEqual(['O sprawozdaniu']);
    // Every card comment carries its task and no report.
    const rows = await db()
      .select({ reportId: comments.reportId })
      .from(comments)
      .where(and(eq(comments.taskId, task()), isNull(comments.reportId)));
    expect(rows).toHaveLength(4);
    const audit = await auditRows(db(), { entity: 'comment', action: 'create' });
    expect(audit.at(-1)).toMatchObject({
      after: { taskId: task(), reportId: null, body: 'O zadaniu: admin' },
    });
    // The card's view: its people may write; another task's executor only reads.
    expect(await getDiscussionView(db(), user('coordinator'), task(), CARD)).toMatchObject({
      canDiscuss: true,
      canAttach: true,
      approved: false,
    });
    expect(await getDiscussionView(db(), user('otherExecutor'), task(), CARD)).toMatchObject({
      canDiscuss: false,
      canAttach: false,
    });
  });

  it('refuses a card comment from outside the task and without a session, writing nothing', async () => {
    const before = await snapshot(db());
    for (const who of ['otherExecutor', 'otherCoordinator', 'otherGoalOwner']) {
      const error = await refusalOf(addComment(db(), user(who), task(), CARD, { body: 'Wtrącam się' }));
      expect(error.code).toBe('forbidden');
    }
    expect((await refusalOf(addComment(db(), null, task(), CARD, { body: 'x' }))).code).toBe(
      'unauthenticated',
    );
    expect((await refusalOf(listComments(db(), null, task(), CARD))).code).toBe('unauthenticated');
    expect(
      (await refusalOf(addComment(db(), user('executor'), task(), CARD, { body: ' ' }))).fieldErrors,
    ).toEqual({
      body: ['required'],
    });
    expect(await snapshot(db())).toEqual(before);
  });

  it('edits and removes a card comment only in its own thread', async () => {
    const { commentId } = await addComment(db(), user('coordinator'), task(), CARD, { body: 'Wersja 1' });
    // The same comment addressed as the report's: not there.
    expect(
      (await refusalOf(editComment(db(), user('coordinator'), task(), YEAR, { commentId, body: 'x' }))).code,
    ).toBe('not_found');
    expect(
      (await refusalOf(removeComment(db(), user('coordinator'), task(), YEAR, { commentId }))).code,
    ).toBe('not_found');
    await editComment(db(), user('coordinator'), task(), CARD, { commentId, body: 'Wersja 2' });
    expect((await refusalOf(removeComment(db(), user('executor'), task(), CARD, { commentId }))).code).toBe(
      'forbidden',
    );
    await removeComment(db(), user('admin'), task(), CARD, { commentId });
    const shown = (await listComments(db(), user('executor'), task(), CARD)).find((c) => c.id === commentId);
    expect(shown).toMatchObject({ removed: true, body: null });
    const [row] = await auditRows(db(), { entity: 'comment', entityId: commentId, action: 'remove' });
    expect(row).toMatchObject({ before: { taskId: task(), reportId: null, body: 'Wersja 2' } });
  });

  it('mails a mention with a link to the task card and lists the card’s unread comments apart', async () => {
    // The goal owner has read both threads so far.
    for (const year of [CARD, YEAR]) {
      const seen = await listComments(db(), user('goalOwner'), task(), year);
      await markCommentsRead(db(), user('goalOwner'), task(), year, { commentId: seen.at(-1)!.id });
    }
    expect(
      (await listUnreadComments(db(), user('goalOwner'))).filter((row) => row.taskId === task()),
    ).toEqual([]);
    await db()
      .update(users)
      .set({ email: 'cel@leszno.test' })
      .where(eq(users.id, user('goalOwner').id));
    const { commentId, mentioned } = await addComment(db(), user('executor'), task(), CARD, {
      body: '@sekretarz czy zadanie zostaje w strategii?',
    });
    expect(mentioned).toEqual([user('goalOwner').id]);
    const [mail, ...more] = await db().select().from(mailOutbox).where(eq(mailOutbox.kind, 'mention'));
    expect(more).toEqual([]);
    expect(mail!.textBody).toContain(`/tasks/${task()}#comments`);
    expect(mail!.textBody).not.toContain('/reports/');

    // One unread comment on the card, none on the report; reading the report does not clear it.
    const unread = () =>
      listUnreadComments(db(), user('goalOwner')).then((rows) => rows.filter((row) => row.taskId === task()));
    expect(await unread()).toEqual([
      expect.objectContaining({ reportId: null, year: null, unread: 1, mentioned: true }),
    ]);
    const reportThread = await listComments(db(), user('goalOwner'), task(), YEAR);
    await markCommentsRead(db(), user('goalOwner'), task(), YEAR, { commentId: reportThread.at(-1)!.id });
    expect(await unread()).toHaveLength(1);
    await markCommentsRead(db(), user('goalOwner'), task(), CARD, { commentId });
    expect(await unread()).toEqual([]);
  });

  it('stores the card’s evidence, serves it only at the card’s address, and refuses what it must', async () => {
    const { attachmentId, sha256 } = await upload('executor', CARD, 'umowa partnerska.pdf', PDF);
    expect(sha256).toBe(sha256Of(PDF));
    const file = await openAttachment(db(), user('otherExecutor'), task(), CARD, attachmentId);
    expect(file).toMatchObject({ fileName: 'umowa partnerska.pdf', mediaType: 'application/pdf' });
    expect((await bytesOf(file.body)).equals(PDF)).toBe(true);
    // Not at the report's address, nor another task's.
    expect((await refusalOf(openAttachment(db(), user('admin'), task(), YEAR, attachmentId))).code).toBe(
      'not_found',
    );
    expect(
      (await refusalOf(openAttachment(db(), user('admin'), world.fixture.otherTaskId, CARD, attachmentId)))
        .code,
    ).toBe('not_found');
    expect((await refusalOf(openAttachment(db(), null, task(), CARD, attachmentId))).code).toBe(
      'unauthenticated',
    );
    const [stored] = await db()
      .select({ taskId: attachments.taskId, reportId: attachments.reportId })
      .from(attachments)
      .where(eq(attachments.id, attachmentId));
    expect(stored).toEqual({ taskId: task(), reportId: null });

    const before = await snapshot(db());
    expect((await refusalOf(upload('executor', CARD, 'protokół.pdf', executable()))).fieldErrors).toEqual({
      file: ['typeMismatch'],
    });
    expect((await refusalOf(upload('executor', CARD, 'zdjęcie.jpg', PNG))).fieldErrors).toEqual({
      file: ['typeMismatch'],
    });
    expect((await refusalOf(upload('executor', CARD, '../x.pdf', PDF))).fieldErrors).toEqual({
      file: ['badName'],
    });
    for (const who of ['otherExecutor', 'otherCoordinator', 'otherGoalOwner']) {
      expect((await refusalOf(upload(who, CARD, 'obcy.pdf', PDF))).code).toBe('forbidden');
      expect((await refusalOf(removeAttachment(db(), user(who), task(), CARD, { attachmentId }))).code).toBe(
        'forbidden',
      );
    }
    // Only its uploader or the office removes it.
    expect(
      (await refusalOf(removeAttachment(db(), user('coordinator'), task(), CARD, { attachmentId }))).code,
    ).toBe('forbidden');
    expect(await snapshot(db())).toEqual(before);
  });

  it('counts the card’s and the reports’ files against one task limit', async () => {
    process.env.ATTACHMENT_MAX_TASK_MB = '1';
    try {
      const onReport = await upload(
        'executor',
        YEAR,
        'raport.pdf',
        Buffer.concat([PDF, Buffer.alloc(600_000)]),
      );
      const before = await snapshot(db());
      const error = await refusalOf(
        upload('executor', CARD, 'karta.pdf', Buffer.concat([PDF, Buffer.alloc(500_000)])),
      );
      expect(error.fieldErrors).toEqual({ file: ['taskFull'] });
      expect(await snapshot(db())).toEqual(before);
      await removeAttachment(db(), user('executor'), task(), YEAR, { attachmentId: onReport.attachmentId });
      const fits = await upload('executor', CARD, 'karta.pdf', Buffer.concat([PDF, Buffer.alloc(500_000)]));
      await removeAttachment(db(), user('admin'), task(), CARD, { attachmentId: fits.attachmentId });
    } finally {
      delete process.env.ATTACHMENT_MAX_TASK_MB;
    }
  });

  it('locks an approved report’s files, not the task card’s', async () => {
    const { attachmentId } = await upload('coordinator', CARD, 'zdjęcie.png', PNG);
    const view = await getReportView(db(), user('executor'), task(), YEAR);
    let { version } = await saveReport(
      db(),
      user('executor'),
      task(),
      YEAR,
      submittedAsPlanned(view, 'Zrobione.'),
    );
    ({ version } = await decideReport(db(), user('coordinator'), task(), YEAR, {
      action: 'accept',
      version,
      comment: '',
    }));
    await decideReport(db(), user('goalOwner'), task(), YEAR, { action: 'approve', version, comment: '' });
    expect((await refusalOf(upload('executor', YEAR, 'po.pdf', PDF))).fieldErrors).toEqual({
      file: ['locked'],
    });

    expect(await getDiscussionView(db(), user('executor'), task(), CARD)).toMatchObject({
      approved: false,
      canAttach: true,
    });
    const more = await upload('executor', CARD, 'po zatwierdzeniu.pdf', PDF);
    expect(more.sizeBytes).toBe(PDF.length);
    await removeAttachment(db(), user('coordinator'), task(), CARD, { attachmentId });
    const [row] = await auditRows(db(), { entity: 'attachment', entityId: attachmentId, action: 'remove' });
    expect(row).toMatchObject({ before: { taskId: task(), reportId: null, fileName: 'zdjęcie.png' } });
  });
});
