import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StructureForm } from '@/components/manage/structure-form';
import { goalNumber } from '@/components/strategy/labels';
import { TextLink } from '@/components/ui/text-link';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { loadPage } from '@/server/page-data';
import { getStructure } from '@/lib/admin/structure';
import { ClientMessages } from '@/components/i18n/client-messages';
import {
  saveGoalAction,
  saveProgramAction,
  savePublicationAction,
  saveStrategyAction,
} from '@/actions/structure';
import { PublicationForm } from '@/components/manage/publication-form';
import { warsawToday } from '@/lib/admin/dates';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('structure');
  return { title: t('title') };
}

export default async function StructurePage() {
  const user = await requirePageUser();
  const { strategies, postOptions } = await loadPage(async () => getStructure(await getDb(), user));
  const t = await getTranslations('structure');
  const s = await getTranslations('strategy');
  const today = warsawToday();

  return (
    <ClientMessages namespaces={['structure', 'fieldErrors', 'actionErrors']}>
      <div className="space-y-8">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-slate-700">{t('intro')}</p>
        {strategies.map((strategy) => (
          <section
            key={strategy.id}
            aria-labelledby={`strategy-${strategy.id}`}
            className="space-y-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2 id={`strategy-${strategy.id}`} className="text-xl font-semibold">
              <TextLink href={`/strategies/${strategy.id}`}>{strategy.name}</TextLink>
            </h2>
            <StructureForm
              kind="strategy"
              saveAction={saveStrategyAction}
              idPrefix={`strategy-${strategy.id}`}
              labelledBy={`strategy-${strategy.id}`}
              submitName={t('saveStrategy', { name: strategy.name })}
              postOptions={[]}
              defaults={{
                id: strategy.id,
                version: strategy.version,
                name: strategy.name,
                cityName: strategy.cityName,
                startYear: String(strategy.startYear),
                endYear: String(strategy.endYear),
              }}
            />
            <PublicationForm
              strategyId={strategy.id}
              strategyName={strategy.name}
              version={strategy.version}
              publishedFrom={strategy.publishedFrom}
              publishNarratives={strategy.publishNarratives}
              today={today}
              labelledBy={`strategy-${strategy.id}-publication`}
              saveAction={savePublicationAction}
            />
            {strategy.publishedFrom !== null && (
              <p className="text-sm">
                <TextLink href={`/public/pl/strategies/${strategy.id}`}>
                  {t('publication.publicLink', { name: strategy.name })}
                </TextLink>
              </p>
            )}
            {strategy.goals.map((goal) => (
              <section
                key={goal.id}
                aria-labelledby={`goal-${goal.id}`}
                className="space-y-3 border-l-4 border-brand-100 pl-4"
              >
                <h3 id={`goal-${goal.id}`} className="text-lg font-semibold">
                  {s('goalLabel', { number: goalNumber(goal.number) })} – {goal.title}
                  {goal.archivedAt && (
                    <span className="ml-2 text-sm font-normal text-slate-600">({s('archived')})</span>
                  )}
                </h3>
                <StructureForm
                  kind="goal"
                  saveAction={saveGoalAction}
                  idPrefix={`goal-${goal.id}`}
                  labelledBy={`goal-${goal.id}`}
                  submitName={t('saveGoal', { number: goalNumber(goal.number) })}
                  postOptions={postOptions}
                  defaults={{
                    id: goal.id,
                    strategyId: strategy.id,
                    version: goal.version,
                    number: String(goal.number),
                    title: goal.title,
                    ownerPostId: goal.ownerPostId,
                    archived: goal.archivedAt !== null,
                  }}
                />
                <div className="space-y-3 pl-4">
                  <h4 className="font-semibold">{t('programsOf', { number: goalNumber(goal.number) })}</h4>
                  {goal.programs.map((program) => (
                    <div key={program.id} className="rounded border border-slate-200 p-3">
                      <h5 id={`program-${program.id}`} className="mb-2 text-sm font-normal">
                        <TextLink href={`/programs/${program.id}`}>
                          {s('program')} {program.number}. {program.title}
                        </TextLink>
                      </h5>
                      <StructureForm
                        kind="program"
                        saveAction={saveProgramAction}
                        idPrefix={`program-${program.id}`}
                        labelledBy={`program-${program.id}`}
                        submitName={t('saveProgram', {
                          number: program.number,
                          goal: goalNumber(goal.number),
                        })}
                        postOptions={postOptions}
                        defaults={{
                          id: program.id,
                          goalId: goal.id,
                          version: program.version,
                          number: String(program.number),
                          title: program.title,
                          coordinatorPostId: program.coordinatorPostId,
                          archived: program.archivedAt !== null,
                        }}
                      />
                    </div>
                  ))}
                  <div className="rounded border border-dashed border-slate-300 p-3">
                    <h5 id={`goal-${goal.id}-new-program`} className="mb-2 text-sm font-medium">
                      {t('newProgram', { number: goalNumber(goal.number) })}
                    </h5>
                    <StructureForm
                      kind="program"
                      saveAction={saveProgramAction}
                      idPrefix={`goal-${goal.id}-new-program`}
                      labelledBy={`goal-${goal.id}-new-program`}
                      submitName={t('addProgramTo', { number: goalNumber(goal.number) })}
                      postOptions={postOptions}
                      defaults={{
                        id: null,
                        goalId: goal.id,
                        version: 1,
                        number: String(Math.max(0, ...goal.programs.map((program) => program.number)) + 1),
                        title: '',
                        coordinatorPostId: null,
                        archived: false,
                      }}
                    />
                  </div>
                </div>
              </section>
            ))}
            <div className="rounded border border-dashed border-slate-300 p-3">
              <h3 id={`strategy-${strategy.id}-new-goal`} className="mb-2 font-medium">
                {t('newGoal', { name: strategy.name })}
              </h3>
              <StructureForm
                kind="goal"
                saveAction={saveGoalAction}
                idPrefix={`strategy-${strategy.id}-new-goal`}
                labelledBy={`strategy-${strategy.id}-new-goal`}
                submitName={t('addGoalTo', { name: strategy.name })}
                postOptions={postOptions}
                defaults={{
                  id: null,
                  strategyId: strategy.id,
                  version: 1,
                  number: String(Math.max(0, ...strategy.goals.map((goal) => goal.number)) + 1),
                  title: '',
                  ownerPostId: null,
                  archived: false,
                }}
              />
            </div>
          </section>
        ))}
        <section
          aria-labelledby="new-strategy"
          className="rounded-lg border border-dashed border-slate-300 bg-white p-5"
        >
          <h2 id="new-strategy" className="mb-3 text-lg font-semibold">
            {t('newStrategy')}
          </h2>
          <StructureForm
            kind="strategy"
            saveAction={saveStrategyAction}
            idPrefix="new-strategy"
            labelledBy="new-strategy"
            submitName={t('add.strategy')}
            postOptions={[]}
            defaults={{ id: null, version: 1, name: '', cityName: '', startYear: '', endYear: '' }}
          />
        </section>
      </div>
    </ClientMessages>
  );
}
