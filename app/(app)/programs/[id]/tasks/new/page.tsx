import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NewTaskForm } from '@/components/manage/new-task-form';
import { TextLink } from '@/components/ui/text-link';
import { pageById } from '@/server/page-data';
import { weightSum } from '@/lib/progress';
import { getProgramWeights } from '@/lib/strategy/weights';
import { ClientMessages } from '@/components/i18n/client-messages';
import { createTaskAction } from '@/actions/tasks';

// The same permission as every management screen of the program.
const data = pageById((db, user, id) => getProgramWeights(db, user, id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const t = await getTranslations('editor');
  return data.title(
    [(await params).id],
    ({ data: program }) => `${t('newTaskTitle')}: ${program.number}. ${program.title}`,
  );
}

export default async function NewTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id, data: program } = await data((await params).id);
  const t = await getTranslations('editor');
  const next = Math.max(0, ...program.tasks.map((task) => task.number)) + 1;
  return (
    <ClientMessages namespaces={['editor', 'fieldErrors', 'actionErrors']}>
      <div className="max-w-2xl space-y-6">
        <p className="text-sm">
          <TextLink href={`/programs/${id}`}>
            {program.number}. {program.title}
          </TextLink>
        </p>
        <h1 className="text-2xl font-semibold">{t('newTaskTitle')}</h1>
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <NewTaskForm
            createTaskAction={createTaskAction}
            programId={id}
            nextNumber={next}
            weightSum={weightSum(program.tasks)}
          />
        </div>
      </div>
    </ClientMessages>
  );
}
