import type { ReactNode } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { DataTable, TableHead } from '@/components/ui/table';
import type { IndicatorType } from '@/lib/enums';
import { formatCell, formatNumber } from '@/lib/format';

/*
 * The task card's two grids, as the seed card lays them out: the stages × years grid of done/planned
 * points, and the indicators by type × years. The signed-in card and the public card both show them;
 * each adds its own notes to a cell (pending values, where a value comes from).
 */

const INDICATOR_TYPES: IndicatorType[] = ['product', 'result', 'impact'];

export interface StageGridProps {
  years: number[];
  stages: {
    id: number;
    number: number | null;
    name: string;
    cells: Record<number, { actual: number | null; planned: number | null } | null>;
  }[];
  yearTotals: {
    year: number;
    planned: number;
    actual: number;
    cumulativePlanned: number;
    cumulativeActual: number;
  }[];
  /** More in a stage's cell of a year (the signed-in card's pending value). */
  cellNote?: (stageId: number, year: number) => ReactNode;
  /** More under a year's total (the public card's origin of the year's points). */
  yearNote?: (year: number) => ReactNode;
}

export function StageGrid({ years, stages, yearTotals, cellNote, yearNote }: StageGridProps) {
  const t = useTranslations('card');
  const locale = useLocale();
  const num = (value: number) => formatNumber(value, locale);
  return (
    <DataTable>
      <caption className="mb-2 text-left text-sm text-slate-700">{t('stagesCaption')}</caption>
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" rowSpan={2} className="py-2 pr-3 text-left align-bottom">
            {t('stageColumn')}
          </th>
          <th scope="col" colSpan={years.length} className="py-1 text-center">
            {t('year')}
          </th>
        </tr>
        <tr className="border-b border-slate-300">
          {years.map((year) => (
            <th key={year} scope="col" className="px-2 py-1 text-center tabular-nums">
              {year}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {stages.map((stage) => (
          <tr key={stage.id} className="border-b border-slate-200 align-top">
            <th scope="row" className="py-2 pr-3 text-left font-normal">
              {stage.number !== null ? `${stage.number}. ` : ''}
              {stage.name}
            </th>
            {years.map((year) => (
              <td key={year} className="px-2 py-2 text-center tabular-nums" data-year={year}>
                {formatCell(stage.cells[year] ?? null, locale)}
                {cellNote?.(stage.id, year)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot className="text-slate-800">
        <tr className="border-b border-slate-200">
          <th scope="row" className="py-2 pr-3 text-left">
            {t('yearTotal')}
          </th>
          {yearTotals.map((total) => (
            <td key={total.year} className="px-2 py-2 text-center font-semibold tabular-nums">
              {total.planned === 0 && total.actual === 0
                ? '-'
                : `${num(total.actual)}/${num(total.planned)}%`}
              {yearNote?.(total.year)}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row" className="py-2 pr-3 text-left">
            {t('cumulative')}
          </th>
          {yearTotals.map((total) => (
            <td key={total.year} className="px-2 py-2 text-center tabular-nums">
              {num(total.cumulativeActual)}/{num(total.cumulativePlanned)}%
            </td>
          ))}
        </tr>
      </tfoot>
    </DataTable>
  );
}

export interface IndicatorsTableProps {
  years: number[];
  indicators: {
    id: number;
    type: IndicatorType;
    name: string;
    source: string;
    unit: string;
    years: Record<
      number,
      { targetText: string | null; targetNumber: number | null; actualText: string | null }
    >;
  }[];
  /** More under a value (the public card's origin of the value). */
  valueNote?: (indicatorId: number, year: number) => ReactNode;
}

export function IndicatorsTable({ years, indicators, valueNote }: IndicatorsTableProps) {
  const t = useTranslations('card');
  const format = useFormatter();
  return (
    <DataTable>
      <caption className="mb-2 text-left text-sm text-slate-700">{t('indicatorsCaption')}</caption>
      <TableHead
        columns={[
          { label: t('indicatorName') },
          { label: t('indicatorSource') },
          ...years.map((year) => ({ label: year, align: 'center' as const, className: 'tabular-nums' })),
        ]}
      />
      {INDICATOR_TYPES.map((type) => {
        const ofType = indicators.filter((indicator) => indicator.type === type);
        return (
          <tbody key={type} data-indicator-type={type}>
            <tr className="bg-slate-50">
              <th scope="rowgroup" colSpan={2 + years.length} className="py-2 text-left font-semibold">
                {t(`indicatorType.${type}`)}:
              </th>
            </tr>
            {ofType.length === 0 ? (
              <tr className="border-b border-slate-200">
                <td colSpan={2 + years.length} className="py-2 pl-4">
                  {t('none')}
                </td>
              </tr>
            ) : (
              ofType.map((indicator) => (
                <tr key={indicator.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="py-2 pl-4 pr-3 text-left font-normal">
                    {indicator.name}
                    {indicator.unit && <span className="text-slate-600"> [{indicator.unit}]</span>}
                  </th>
                  <td className="py-2 pr-3">{indicator.source}</td>
                  {years.map((year) => {
                    const value = indicator.years[year];
                    return (
                      <td key={year} className="px-2 py-2 text-center tabular-nums">
                        {value?.actualText ?? ''}
                        {value?.actualText ? valueNote?.(indicator.id, year) : null}
                        {value?.targetText ? (
                          <span className="block text-xs text-slate-600">
                            {t('target')}: {value.targetText}
                            {/* The number read from the target, or a flag when there is none. */}
                            {value.targetNumber === null ? (
                              <span className="block font-medium text-amber-900">{t('targetNoNumber')}</span>
                            ) : (
                              String(value.targetNumber) !== value.targetText.trim() && (
                                <span className="block">
                                  {t('targetNumber', { number: format.number(value.targetNumber) })}
                                </span>
                              )
                            )}
                          </span>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
        );
      })}
    </DataTable>
  );
}
