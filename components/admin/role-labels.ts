import { getTranslations } from 'next-intl/server';
import type { RoleTarget } from '@/lib/admin/people/role-targets';
import { toRoman } from '@/lib/numbers';

/**
 * How the people screens name a role's scope: "Cel I: …", "Program 3 (Cel I): …",
 * "Zadanie 3.1 (Cel I): …" — the strategy documents' numbering. For server components.
 */
export async function getRoleLabels() {
  const tTargets = await getTranslations('people.targets');
  const tRoles = await getTranslations('people.roles');
  const scope = (target: RoleTarget): string => {
    switch (target.kind) {
      case 'admin':
        return tTargets('admin');
      case 'goal_owner':
        return tTargets('goal', { goal: toRoman(target.goalNumber), title: target.title });
      case 'coordinator':
        return tTargets('program', {
          goal: toRoman(target.goalNumber),
          program: target.programNumber,
          title: target.title,
        });
      case 'executor':
        return tTargets('task', {
          goal: toRoman(target.goalNumber),
          program: target.programNumber,
          task: target.taskNumber,
          title: target.title,
        });
    }
  };
  return { role: (target: RoleTarget) => tRoles(target.kind), scope };
}
