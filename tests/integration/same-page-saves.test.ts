import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { getStructure, saveGoal, saveProgram } from '@/lib/admin/structure';
import type { CurrentUser } from '@/lib/auth/sessions';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { saveReport } from '@/lib/reports/save';
import { saveTaskCard } from '@/lib/strategy/task-card-save';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { type WorkflowFixture, goalFormOf, latestAudit } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

/*
 * Issue 19: a form that stays on its page after a save sends, with its next save, what the previous
 * save returned (the new rows' ids, the new version), as the browser does — never a false conflict,
 * never a stage created again.
 */

describe.each(testBackends())('two saves from the same page on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let people: Record<string, CurrentUser> = {};
  const db = () => database.db;
  const user = (name: string) => people[name]!;

  beforeAll(async () => {
    ({ database, fixture, people } = await openWorkflowDatabase(backend));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('the card editor keeps a new stage after saving, even when the executor reports on it meanwhile', async () => {
    const editor = await getTaskEditor(db(), user('coordinator'), fixture.taskId);
    const y2012 = editor.years.indexOf(2012);
    // A new stage takes 10 of stage 1's 30 points in 2012: the plan still sums to 100.
    const form = structuredClone(editor.form);
    form.stages[0]!.planned[y2012] = '20';
    form.stages.push({
      id: null,
      number: '4',
      name: 'Promocja inkubatora',
      archived: false,
      planned: editor.years.map((year) => (year === 2012 ? '10' : '')),
    });
    const first = await saveTaskCard(db(), user('coordinator'), fixture.taskId, form);

    // What the editor holds after the save: the card as saved, the new stage with its id.
    const stagesOf = () =>
      db()
        .select({ id: schema.stages.id, name: schema.stages.name })
        .from(schema.stages)
        .where(eq(schema.stages.taskId, fixture.taskId));
    const saved = (await stagesOf()).find((stage) => stage.name === 'Promocja inkubatora')!;
    expect(first.version).toBe(editor.form.version + 1);
    expect(first.form.version).toBe(first.version);
    expect(first.form.stages.map((stage) => [stage.id, stage.name])).toContainEqual([
      saved.id,
      'Promocja inkubatora',
    ]);

    // Meanwhile the executor reports done points on the new stage.
    await openReportingYear(db(), user('admin'), {
      strategyId: fixture.strategyId,
      year: 2012,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
    const report = await getReportView(db(), user('executor'), fixture.taskId, 2012);
    await saveReport(db(), user('executor'), fixture.taskId, 2012, {
      intent: 'save',
      version: report.version,
      narrative: '',
      stages: report.stages.map((stage) => ({
        stageId: stage.stageId,
        actual: stage.stageId === saved.id ? '4' : '',
      })),
      indicators: report.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: '',
      })),
      confirmUnplanned: false,
    });

    // The second save from the same page (the title corrected): the stage is kept, not recreated.
    const stagesBefore = await stagesOf();
    const second = await saveTaskCard(db(), user('coordinator'), fixture.taskId, {
      ...first.form,
      title: 'Inkubator przedsiębiorczości (poprawiony tytuł)',
    });
    expect(second.version).toBe(first.version + 1);
    expect(await stagesOf()).toEqual(stagesBefore);
    const audit = await latestAudit(db(), { entity: 'task', entityId: fixture.taskId, action: 'edit_card' });
    const before = (audit!.before as { stages: { id: number | null; name: string }[] }).stages;
    const after = (audit!.after as { stages: { id: number | null; name: string }[] }).stages;
    expect(after.map((stage) => stage.id)).toEqual(before.map((stage) => stage.id));
    expect(after.find((stage) => stage.name === 'Promocja inkubatora')?.id).toBe(saved.id);
  });

  it('a goal and a program saved twice from the same form: no false conflict', async () => {
    const structure = await getStructure(db(), user('admin'));
    const goal = structure.strategies[0]!.goals.find((row) => row.id === fixture.goalId)!;
    const goalForm = goalFormOf(goal);
    const firstGoal = await saveGoal(db(), user('admin'), { ...goalForm, title: `${goal.title} (1)` });
    const secondGoal = await saveGoal(db(), user('admin'), {
      ...goalForm,
      version: firstGoal.version,
      title: `${goal.title} (2)`,
    });
    expect(secondGoal.version).toBe(goal.version + 2);

    const program = goal.programs.find((row) => row.id === fixture.programId)!;
    const programForm = {
      id: program.id,
      goalId: program.goalId,
      version: program.version,
      number: String(program.number),
      title: program.title,
      coordinatorPostId: program.coordinatorPostId,
      archived: false,
    };
    const firstProgram = await saveProgram(db(), user('admin'), programForm);
    const secondProgram = await saveProgram(db(), user('admin'), {
      ...programForm,
      version: firstProgram.version,
      title: `${program.title} (2)`,
    });
    expect(secondProgram.version).toBe(program.version + 2);
  });
});
