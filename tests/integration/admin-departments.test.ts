import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import {
  archiveDepartment,
  createDepartment,
  listDepartmentChoices,
  listDepartments,
  updateDepartment,
} from '@/lib/admin/people/departments';
import { createPost } from '@/lib/admin/people/posts';
import { adminPeopleDatabase, expectInvalid, expectRefused, peopleSnapshot } from '../support/admin-people';
import { testBackends } from '../support/test-db';

describe.each(testBackends())('administration of departments on $name', (backend) => {
  const { db, admin } = adminPeopleDatabase(backend);

  it('creates, renames and archives departments; archived ones are no longer offered', async () => {
    const created = await createDepartment(db(), admin(), {
      name: 'Wydział Komunikacji',
      abbreviation: 'WK',
    });
    let list = await listDepartments(db(), admin());
    const department = list.find((entry) => entry.id === created.id)!;
    expect(department).toMatchObject({
      name: 'Wydział Komunikacji',
      abbreviation: 'WK',
      archivedAt: null,
      version: 1,
    });

    const renamed = await updateDepartment(db(), admin(), {
      id: created.id,
      version: 1,
      name: 'Wydział Komunikacji Społecznej',
      abbreviation: 'WKS',
    });
    expect(renamed.version).toBe(2);
    const before = await peopleSnapshot(db());
    await expectRefused(
      updateDepartment(db(), admin(), { id: created.id, version: 1, name: 'Stara', abbreviation: '' }),
      'conflict',
    );
    await expectRefused(archiveDepartment(db(), admin(), { id: created.id, version: 1 }), 'conflict');
    expect(await peopleSnapshot(db())).toEqual(before);

    await archiveDepartment(db(), admin(), { id: created.id, version: 2 });
    list = await listDepartments(db(), admin());
    expect(list.find((entry) => entry.id === created.id)?.archivedAt).not.toBeNull();
    expect((await listDepartmentChoices(db(), admin())).map((choice) => choice.id)).not.toContain(created.id);
    await expectInvalid(
      createPost(db(), admin(), { name: 'Naczelnik WKS', function: '', departmentId: created.id }),
      'departmentId',
      'unknownDepartment',
    );
    const audit = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'department'), eq(auditLog.entityId, String(created.id))));
    expect(audit.map((entry) => entry.action).sort()).toEqual(['archive', 'create', 'update']);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const long = 'x'.repeat(10_000);
    const before = await peopleSnapshot(db());
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => createDepartment(db(), admin(), { name: '', abbreviation: '' }), 'name', 'required'],
      [() => createDepartment(db(), admin(), { name: long, abbreviation: '' }), 'name', 'tooLong'],
      [
        () => createDepartment(db(), admin(), { name: 'Wydział', abbreviation: long }),
        'abbreviation',
        'tooLong',
      ],
      [
        () => createDepartment(db(), admin(), { name: ' wydział gospodarki ', abbreviation: '' }),
        'name',
        'nameTaken',
      ],
    ];
    for (const [call, field, key] of cases) await expectInvalid(call(), field, key);
    expect(await peopleSnapshot(db())).toEqual(before);
  });
});
