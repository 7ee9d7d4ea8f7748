// The council's documents as an office suite prints them: LibreOffice (installed by
// scripts/test-prereqs.ts) converts the .docx and the XLSX to PDF, and the pages are counted. Before
// issue 26 the workbook printed on Letter, portrait, one goal's sheet over five pages.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { buildYearlyDocx } from '@/lib/reports/docx';
import { docxLabels } from '@/lib/reports/docx-labels';
import { buildYearlyWorkbook } from '@/lib/reports/export';
import { getYearlyReport } from '@/lib/reports/yearly';
import { seedDemoData } from '@/scripts/seed/demo';
import { reader } from '../support/fixtures';
import { createMigrated, testBackends } from '../support/test-db';
import { workbookLabels } from '../support/workbook-labels';

/** The file as PDF, printed by LibreOffice with a profile of its own (no clash with another run). */
function printToPdf(file: string, folder: string): Buffer {
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(folder, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      folder,
      file,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return fs.readFileSync(file.replace(/\.\w+$/, '.pdf'));
}

/** Page objects of a PDF (LibreOffice writes them uncompressed): "/Type /Page", not "/Pages". */
const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;

/** The size of the first page in points: A4 landscape is 842 × 595. */
function firstPageSize(pdf: Buffer): [number, number] {
  const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'))!;
  return [Math.round(Number(box[1])), Math.round(Number(box[2]))];
}

describe('the council documents printed by LibreOffice', () => {
  let database: Database;
  let folder: string;
  let strategyId: number;

  beforeAll(async () => {
    database = await createMigrated(testBackends()[0]!);
    await seedDemoData(database.db);
    strategyId = (await database.db.select().from(schema.strategies))[0]!.id;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-council-pdf-'));
  });
  afterAll(async () => {
    await database?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('prints the workbook one sheet a page, on A4 landscape', { timeout: 180_000 }, async () => {
    const report = await getYearlyReport(database.db, reader, strategyId, 2013);
    const file = path.join(folder, 'raport.xlsx');
    fs.writeFileSync(file, await buildYearlyWorkbook(report, workbookLabels));
    const pdf = printToPdf(file, folder);
    // The summary and goal I's 22 columns, each fitted to one page's width.
    expect(pageCount(pdf)).toBe(2);
    expect(firstPageSize(pdf)).toEqual([842, 595]);
  });

  it('prints the chapter on A4: title page, contents, then the goal', { timeout: 180_000 }, async () => {
    const report = await getYearlyReport(database.db, reader, strategyId, 2013);
    const file = path.join(folder, 'raport.docx');
    fs.writeFileSync(file, await buildYearlyDocx(report, docxLabels('pl', new Date()), 'pl'));
    const pdf = printToPdf(file, folder);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(5);
    expect(firstPageSize(pdf)).toEqual([595, 842]);
  });
});
