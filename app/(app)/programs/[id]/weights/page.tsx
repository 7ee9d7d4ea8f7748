import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { WeightsForm } from '@/components/manage/weights-form';
import { TextLink } from '@/components/ui/text-link';
import { pageById } from '@/server/page-data';
import { getProgramWeights } from '@/lib/strategy/weights';
import { ClientMessages } from '@/components/i18n/client-messages';
import { saveWeightsAction } from '@/actions/tasks';

const data = pageById((db, user, id) => getProgramWeights(db, user, id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const t = await getTranslations('editor');
  return data.title(
    [(await params).id],
    ({ data: program }) => `${t('weightsTitle')}: ${program.number}. ${program.title}`,
  );
}

export default async function WeightsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id, data: program } = await data((await params).id);
  const t = await getTranslations('editor');
  return (
    <ClientMessages namespaces={['editor', 'fieldErrors', 'actionErrors']}>
      <div className="max-w-3xl space-y-6">
        <p className="text-sm">
          <TextLink href={`/programs/${id}`}>
            {program.number}. {program.title}
          </TextLink>
        </p>
        <h1 className="text-2xl font-semibold">{t('weightsTitle')}</h1>
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <WeightsForm
            saveWeightsAction={saveWeightsAction}
            programId={id}
            version={program.version}
            tasks={program.tasks}
          />
        </div>
      </div>
    </ClientMessages>
  );
}
