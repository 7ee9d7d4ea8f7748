import { getLocale } from 'next-intl/server';
import { buildYearlyDocx } from '@/lib/reports/docx';
import { userDocxLabels } from '@/server/export-labels';
import { yearlyReportDownload } from '@/server/yearly-download';

/** The council report's strategy chapter as an editable Word document (same checks as the XLSX). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; year: string }> }) {
  return yearlyReportDownload(params, {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    build: async (report) => buildYearlyDocx(report, await userDocxLabels(new Date()), await getLocale()),
  });
}
