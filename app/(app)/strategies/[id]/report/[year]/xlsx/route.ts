import { buildYearlyWorkbook } from '@/lib/reports/export';
import { exportLabels } from '@/server/export-labels';
import { yearlyReportDownload } from '@/server/yearly-download';

/** The council report of the year as a workbook that prints on A4. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; year: string }> }) {
  return yearlyReportDownload(params, {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    build: async (report) => buildYearlyWorkbook(report, await exportLabels()),
  });
}
