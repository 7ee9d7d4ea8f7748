import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ExecutorForm } from '@/components/manage/executor-form';
import { TaskCardEditor } from '@/components/manage/task-card-editor';
import { TextLink } from '@/components/ui/text-link';
import { pageById } from '@/server/page-data';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { ClientMessages } from '@/components/i18n/client-messages';
import { assignExecutorAction, saveTaskCardAction } from '@/actions/tasks';

const data = pageById((db, user, id) => getTaskEditor(db, user, id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const t = await getTranslations('editor');
  return data.title(
    [(await params).id],
    ({ data: editor }) => `${t('pageTitle')}: ${editor.form.number}. ${editor.form.title}`,
  );
}

export default async function EditTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id, data: editor } = await data((await params).id);
  const t = await getTranslations('editor');
  return (
    <ClientMessages namespaces={['editor', 'fieldErrors', 'actionErrors']}>
      <div className="space-y-6">
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
          <ExecutorForm
            assignExecutorAction={assignExecutorAction}
            taskId={id}
            current={editor.executorPostId}
            options={editor.postOptions}
          />
        </section>
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <TaskCardEditor
            saveTaskCardAction={saveTaskCardAction}
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
