import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attachments, comments, mailOutbox, users } from '@/db/schema';
import { openAttachment, removeAttachment, storeAttachment } from '@/lib/discussion/attachments';
import {
  addComment,
  editComment,
  listComments,
  listMentions,
  markCommentsRead,
  removeComment,
} from '@/lib/discussion/comments';
import { mentionedLogins } from '@/lib/discussion/mentions';
import { getDiscussionView } from '@/lib/discussion/view';
import { listUnreadComments } from '@/lib/discussion/unread';
import { decideReport } from '@/lib/reports/decide';
import { saveReport } from '@/lib/reports/save';
import { getReportView } from '@/lib/reports/view';
import { auditRows, snapshot, submittedAsPlanned } from '../support/fixtures';
import {
  CSV,
  PDF,
  PNG,
  bytesOf,
  docx,
  executable,
  pdfOfSize,
  sha256Of,
  streamOf,
} from '../support/evidence-files';
import { refusalOf } from '../support/refusals';
import { testBackends } from '../support/test-db';
import { workflowDatabaseForTests } from '../support/workflow-db';

/*
 * Issue 23: comments and evidence attachments on a yearly report, in the data layer. Who may read,
 * comment and attach; the edit window; removal; mentions; the files checked from their content,
 * stored in chunks and read back byte for byte; approved reports lock their files.
 */

const YEAR = 2012;

describe.each(testBackends())('report discussion on $name', (backend) => {
  const world = workflowDatabaseForTests(backend, { openYear: YEAR });
  const db = () => world.db();
  const user = (name: string) => world.people[name]!;
  const task = () => world.fixture.taskId;
  const upload = (who: string, name: string, bytes: Buffer | AsyncIterable<Uint8Array>, declared?: number) =>
    storeAttachment(db(), user(who), task(), YEAR, {
      name,
      declaredBytes: declared ?? (Buffer.isBuffer(bytes) ? bytes.length : null),
      body: Buffer.isBuffer(bytes) ? streamOf(bytes) : bytes,
    });

  it('lets the report’s people comment, newest last, and everyone with a post read', async () => {
    for (const who of ['executor', 'coordinator', 'goalOwner', 'admin']) {
      await addComment(db(), user(who), task(), YEAR, { body: `Uwaga od ${who}` });
    }
    const thread = await listComments(db(), user('otherExecutor'), task(), YEAR);
    expect(thread.map((comment) => comment.body)).toEqual([
      'Uwaga od executor',
      'Uwaga od coordinator',
      'Uwaga od goalOwner',
      'Uwaga od admin',
    ]);
    expect(thread.every((comment) => !comment.canEdit && !comment.canRemove)).toBe(true);
    // Each with the author's post as it was when they wrote it.
    expect(thread[1]!.authorPost).toBe('Naczelnik Wydziału Promocji i Rozwoju');
    expect(thread[2]!.authorPost).toBe('Sekretarz Miasta Leszna');
    const audit = await auditRows(db(), { entity: 'comment', action: 'create' });
    expect(audit).toHaveLength(4);
  });

  it('refuses a comment from someone outside the report and without a session, writing nothing', async () => {
    const before = await snapshot(db());
    for (const who of ['otherExecutor', 'otherCoordinator', 'otherGoalOwner']) {
      const error = await refusalOf(addComment(db(), user(who), task(), YEAR, { body: 'Wtrącam się' }));
      expect(error.code).toBe('forbidden');
    }
    expect((await refusalOf(addComment(db(), null, task(), YEAR, { body: 'x' }))).code).toBe(
      'unauthenticated',
    );
    expect((await refusalOf(listComments(db(), null, task(), YEAR))).code).toBe('unauthenticated');
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses an empty or too long comment with the field named, writing nothing', async () => {
    const before = await snapshot(db());
    expect(
      (await refusalOf(addComment(db(), user('executor'), task(), YEAR, { body: '   ' }))).fieldErrors,
    ).toEqual({
      body: ['required'],
    });
    const long = 'a'.repeat(5001);
    expect(
      (await refusalOf(addComment(db(), user('executor'), task(), YEAR, { body: long }))).fieldErrors,
    ).toEqual({
      body: ['tooLong'],
    });
    expect(await snapshot(db())).toEqual(before);
  });

  it('lets only the author edit, only for 15 minutes; a removal leaves “removed” and an audit row', async () => {
    const { commentId } = await addComment(db(), user('executor'), task(), YEAR, { body: 'Pierwsza wersja' });
    const edit = (who: string, body: string) =>
      editComment(db(), user(who), task(), YEAR, { commentId, body });
    expect((await refusalOf(edit('coordinator', 'Nie moje'))).code).toBe('forbidden');
    await edit('executor', 'Poprawiona wersja');
    let mine = (await listComments(db(), user('executor'), task(), YEAR)).find((c) => c.id === commentId)!;
    expect(mine).toMatchObject({ body: 'Poprawiona wersja', canEdit: true, canRemove: true });
    expect(mine.editedAt).not.toBeNull();
    expect(
      (await auditRows(db(), { entity: 'comment', entityId: commentId, action: 'update' }))[0],
    ).toMatchObject({
      before: { body: 'Pierwsza wersja' },
    });

    // Sixteen minutes later the window is closed.
    await db()
      .update(comments)
      .set({ createdAt: sql`now() - interval '16 minutes'` })
      .where(eq(comments.id, commentId));
    expect((await refusalOf(edit('executor', 'Za późno'))).code).toBe('conflict');
    mine = (await listComments(db(), user('executor'), task(), YEAR)).find((c) => c.id === commentId)!;
    expect(mine).toMatchObject({ body: 'Poprawiona wersja', canEdit: false, canRemove: true });

    expect(
      (await refusalOf(removeComment(db(), user('coordinator'), task(), YEAR, { commentId }))).code,
    ).toBe('forbidden');
    await removeComment(db(), user('executor'), task(), YEAR, { commentId });
    const removed = (await listComments(db(), user('goalOwner'), task(), YEAR)).find(
      (c) => c.id === commentId,
    )!;
    expect(removed).toMatchObject({ removed: true, body: null });
    const [row] = await auditRows(db(), { entity: 'comment', entityId: commentId, action: 'remove' });
    expect(row).toMatchObject({ before: { body: 'Poprawiona wersja' } });
    // Removed once is removed: a second removal changes nothing.
    expect((await refusalOf(removeComment(db(), user('executor'), task(), YEAR, { commentId }))).code).toBe(
      'conflict',
    );
  });

  it('records who a comment mentions (active users, not the author) and shows it in their unread list', async () => {
    expect(mentionedLogins('Proszę @sekretarz i @Naczelnik.WPIR. oraz e-mail a@b.pl')).toEqual([
      'sekretarz',
      'naczelnik.wpir',
    ]);
    // The goal owner has seen everything so far.
    const seen = await listComments(db(), user('goalOwner'), task(), YEAR);
    await markCommentsRead(db(), user('goalOwner'), task(), YEAR, { commentId: seen.at(-1)!.id });
    await db()
      .update(users)
      .set({ email: 'sekretarz@leszno.test' })
      .where(eq(users.id, user('goalOwner').id));
    const body = '@sekretarz proszę o decyzję; @wg.naczelnik to ja, @nikt nie istnieje';
    const { commentId, mentioned } = await addComment(db(), user('executor'), task(), YEAR, { body });
    expect(mentioned).toEqual([user('goalOwner').id]);
    expect(await listMentions(db(), commentId)).toEqual([user('goalOwner').id]);

    // The one mentioned is told by e-mail, in the comment's transaction, with a link to the report.
    const mentionMails = () => db().select().from(mailOutbox).where(eq(mailOutbox.kind, 'mention'));
    const [mail, ...more] = await mentionMails();
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ recipientUserId: user('goalOwner').id, toAddress: 'sekretarz@leszno.test' });
    expect(mail!.subject).toContain('wspomina o Tobie');
    expect(mail!.textBody).toContain('proszę o decyzję');
    expect(mail!.textBody).toContain(`/tasks/${task()}/reports/${YEAR}`);
    // Corrected, naming the same person again: nobody is told twice.
    await editComment(db(), user('executor'), task(), YEAR, { commentId, body: `${body} (pilne)` });
    expect(await mentionMails()).toHaveLength(1);

    const unread = await listUnreadComments(db(), user('goalOwner'));
    const item = unread.find((row) => row.taskId === task() && row.year === YEAR);
    expect(item).toMatchObject({ unread: 1, mentioned: true });
    // The author has nothing unread of their own.
    expect(
      (await listUnreadComments(db(), user('executor'))).find((row) => row.taskId === task()),
    ).toBeUndefined();
    // Seen up to the comment before this one: it stays unread; seen up to it: nothing is.
    await markCommentsRead(db(), user('goalOwner'), task(), YEAR, { commentId: commentId - 1 });
    expect(
      (await listUnreadComments(db(), user('goalOwner'))).find((row) => row.taskId === task()),
    ).toMatchObject({ unread: 1 });
    await markCommentsRead(db(), user('goalOwner'), task(), YEAR, { commentId });
    expect(
      (await listUnreadComments(db(), user('goalOwner'))).find((row) => row.taskId === task()),
    ).toBeUndefined();
  });

  it('stores evidence checked from its content and gives back the same bytes', async () => {
    const files: [string, Buffer, string][] = [
      ['protokół odbioru.pdf', PDF, 'application/pdf'],
      ['zdjęcie.png', PNG, 'image/png'],
      ['ankieta.docx', docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['wyniki.csv', CSV, 'text/csv; charset=utf-8'],
    ];
    for (const [name, bytes, type] of files) {
      const stored = await upload('executor', name, bytes);
      expect(stored).toMatchObject({ sizeBytes: bytes.length, sha256: sha256Of(bytes) });
      // Anyone with a post reads the report, so may download its evidence.
      const file = await openAttachment(db(), user('otherExecutor'), task(), YEAR, stored.attachmentId);
      expect(file).toMatchObject({ fileName: name, mediaType: type, sizeBytes: bytes.length });
      expect((await bytesOf(file.body)).equals(bytes)).toBe(true);
    }
    // A file larger than one chunk comes back whole, in order.
    const big = Buffer.concat([PDF, Buffer.alloc(700_000, 7), Buffer.from('koniec')]);
    const stored = await upload('coordinator', 'duży.pdf', big);
    const file = await openAttachment(db(), user('admin'), task(), YEAR, stored.attachmentId);
    expect(sha256Of(await bytesOf(file.body))).toBe(sha256Of(big));
    const audit = await auditRows(db(), { entity: 'attachment', entityId: stored.attachmentId });
    expect(audit[0]).toMatchObject({
      action: 'create',
      after: { fileName: 'duży.pdf', sha256: sha256Of(big) },
    });
  });

  it('refuses a renamed executable, a wrong extension, a path, an empty or too big file: nothing stored', async () => {
    const before = await snapshot(db());
    const cases: [string, Buffer | AsyncIterable<Uint8Array>, string, number?][] = [
      ['protokół.pdf', executable(), 'typeMismatch'],
      ['wyniki.csv', executable(), 'typeMismatch'],
      ['program.exe', executable(), 'badType'],
      ['zdjęcie.jpg', PNG, 'typeMismatch'],
      ['tekst.docx', CSV, 'typeMismatch'],
      ['dane.csv', Buffer.from([0x61, 0x00, 0x62]), 'notText'],
      ['dane.csv', Buffer.from([0x61, 0xff, 0xfe, 0x62]), 'notText'],
      ['../../etc/passwd.pdf', PDF, 'badName'],
      ['katalog\\protokół.pdf', PDF, 'badName'],
      ['.pdf', PDF, 'badName'],
      ['pusty.pdf', Buffer.alloc(0), 'empty'],
      ['zgłoszony.pdf', PDF, 'tooLarge', 21 * 1024 * 1024],
      // Declared small (or not at all), but more bytes arrive than the limit allows.
      ['ogromny.pdf', pdfOfSize(20 * 1024 * 1024 + 1), 'tooLarge'],
    ];
    for (const [name, bytes, reason, declared] of cases) {
      const error = await refusalOf(upload('executor', name, bytes, declared));
      expect({ name, fieldErrors: error.fieldErrors }).toEqual({ name, fieldErrors: { file: [reason] } });
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it('keeps a task’s files within the task limit', async () => {
    process.env.ATTACHMENT_MAX_TASK_MB = '1';
    try {
      // The files stored above take 700 KB of the task's 1 MB; 400 KB more do not fit, 200 KB do.
      const before = await snapshot(db());
      const error = await refusalOf(
        upload('executor', 'za-dużo.pdf', Buffer.concat([PDF, Buffer.alloc(400_000)])),
      );
      expect(error.fieldErrors).toEqual({ file: ['taskFull'] });
      expect(await snapshot(db())).toEqual(before);
      const fits = await upload('executor', 'mieści-się.pdf', Buffer.concat([PDF, Buffer.alloc(200_000)]));
      await removeAttachment(db(), user('executor'), task(), YEAR, { attachmentId: fits.attachmentId });
    } finally {
      delete process.env.ATTACHMENT_MAX_TASK_MB;
    }
  });

  it('refuses attaching from outside the report, and downloading without a post or from another report', async () => {
    const before = await snapshot(db());
    for (const who of ['otherExecutor', 'otherCoordinator', 'otherGoalOwner']) {
      expect((await refusalOf(upload(who, 'obcy.pdf', PDF))).code).toBe('forbidden');
    }
    expect(
      (
        await refusalOf(
          storeAttachment(db(), null, task(), YEAR, { name: 'a.pdf', declaredBytes: 1, body: streamOf(PDF) }),
        )
      ).code,
    ).toBe('unauthenticated');
    expect(await snapshot(db())).toEqual(before);
    const [first] = await db().select({ id: attachments.id }).from(attachments).limit(1);
    expect((await refusalOf(openAttachment(db(), null, task(), YEAR, first!.id))).code).toBe(
      'unauthenticated',
    );
    // The file's id under another task's address: not found, never the file.
    expect(
      (await refusalOf(openAttachment(db(), user('admin'), world.fixture.otherTaskId, YEAR, first!.id))).code,
    ).toBe('not_found');
  });

  it('locks an approved report’s files (comments go on); a withdrawal unlocks them', async () => {
    const { attachmentId } = await upload('executor', 'do-usunięcia.pdf', PDF);
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
    ({ version } = await decideReport(db(), user('goalOwner'), task(), YEAR, {
      action: 'approve',
      version,
      comment: '',
    }));

    const before = await snapshot(db());
    expect((await refusalOf(upload('executor', 'po-terminie.pdf', PDF))).fieldErrors).toEqual({
      file: ['locked'],
    });
    const removal = removeAttachment(db(), user('executor'), task(), YEAR, { attachmentId });
    expect((await refusalOf(removal)).fieldErrors).toEqual({ file: ['locked'] });
    expect(await snapshot(db())).toEqual(before);
    const shown = await getDiscussionView(db(), user('executor'), task(), YEAR);
    expect(shown).toMatchObject({ approved: true, canAttach: false, canDiscuss: true });
    expect(shown.files.every((file) => !file.canRemove)).toBe(true);
    // The discussion goes on.
    await addComment(db(), user('coordinator'), task(), YEAR, { body: 'Dziękuję, wszystko jasne.' });

    await decideReport(db(), user('goalOwner'), task(), YEAR, {
      action: 'withdraw',
      version,
      comment: 'Brak podpisu',
    });
    await removeAttachment(db(), user('executor'), task(), YEAR, { attachmentId });
    expect((await refusalOf(openAttachment(db(), user('executor'), task(), YEAR, attachmentId))).code).toBe(
      'not_found',
    );
    const [row] = await auditRows(db(), { entity: 'attachment', entityId: attachmentId, action: 'remove' });
    expect(row).toMatchObject({ before: { fileName: 'do-usunięcia.pdf' } });
  });
});
