import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Forbidden } from '@/components/layout/forbidden';
import { NewTaskForm } from '@/components/manage/new-task-form';
import { TextLink } from '@/components/ui/text-link';
import { requireUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { parseId } from '@/lib/errors';
import { loadPage } from '@/lib/page-data';
import { getProgramWeights } from '@/lib/strategy/manage';
import { ClientMessages } from '@/components/i18n/client-messages';

export default async function NewTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseId((await params).id);
  if (id === null) notFound();
  const user = await requireUser();
  // The same permission as every management screen of the program.
  const result = await loadPage(async () => getProgramWeights(await getDb(), user, id));
  if (!result.ok) return <Forbidden />;
  const program = result.data;
  const t = await getTranslations('editor');
  const common = await getTranslations('common');
  const next = Math.max(0, ...program.tasks.map((task) => task.number)) + 1;
  return (
    <ClientMessages namespaces={['editor', 'fieldErrors', 'actionErrors']}>
      <div className="max-w-2xl space-y-6">
        <p className="text-sm">
          <TextLink href={`/programs/${id}`}>
            {program.number}. {program.title}
          </TextLink>
        </p>
        <title>{`${t('newTaskTitle')}: ${program.number}. ${program.title} · ${common('appName')}`}</title>
        <h1 className="text-2xl font-semibold">{t('newTaskTitle')}</h1>
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <NewTaskForm programId={id} nextNumber={next} />
        </div>
      </div>
    </ClientMessages>
  );
}
