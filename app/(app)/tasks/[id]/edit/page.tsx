import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Forbidden } from '@/components/layout/forbidden';
import { ExecutorForm } from '@/components/manage/executor-form';
import { TaskCardEditor } from '@/components/manage/task-card-editor';
import { TextLink } from '@/components/ui/text-link';
import { requireUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { parseId } from '@/lib/errors';
import { loadPage } from '@/lib/page-data';
import { getTaskEditor } from '@/lib/strategy/manage';
import { ClientMessages } from '@/components/i18n/client-messages';

export default async function EditTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseId((await params).id);
  if (id === null) notFound();
  const user = await requireUser();
  const result = await loadPage(async () => getTaskEditor(await getDb(), user, id));
  if (!result.ok) return <Forbidden />;
  const editor = result.data;
  const t = await getTranslations('editor');
  const common = await getTranslations('common');
  return (
    <ClientMessages namespaces={['editor', 'fieldErrors', 'actionErrors']}>
      <div className="space-y-6">
        <title>{`${t('pageTitle')} · ${common('appName')}`}</title>
        <p className="no-print text-sm">
          <TextLink href={`/tasks/${id}`}>{t('backToCard')}</TextLink>
        </p>
        <h1 className="text-2xl font-semibold">
          {t('pageTitle')}: {editor.form.number}. {editor.form.title}
        </h1>
        <section
          aria-labelledby="executor-heading"
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="executor-heading" className="text-lg font-semibold">
            {t('executor')}
          </h2>
          <ExecutorForm taskId={id} current={editor.executorPostId} options={editor.postOptions} />
        </section>
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <TaskCardEditor
            taskId={id}
            years={editor.years}
            approvedYears={editor.approvedYears}
            stagesWithReports={editor.stagesWithReports}
            indicatorsWithReports={editor.indicatorsWithReports}
            initial={editor.form}
          />
        </div>
      </div>
    </ClientMessages>
  );
}
