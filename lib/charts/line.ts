/*
 * A line chart as SVG text (the companion of lib/charts/svg.ts's bar chart, with its conventions):
 * series over ordered categories (an indicator's target and actual over the years), drawn on the
 * server, accessible on its own (role="img", <title>, <desc>, a <title> on every point), no
 * arithmetic on the data beyond the axis' scale.
 */
import { escapeXml, svgOpening } from './svg';

export interface LineSeries {
  name: string;
  /** A stroke colour (#rrggbb) with at least 3:1 contrast on white. */
  color: string;
  dashed?: boolean;
}

export interface LineChart {
  title: string;
  description: string;
  series: LineSeries[];
  /** The x axis, in order (years); one value per series, null where there is none (a gap). */
  categories: { label: string; values: (number | null)[] }[];
  format: (value: number) => string;
  /** Counts: the axis shows whole numbers only. */
  integers?: boolean;
  id?: string;
}

const WIDTH = 480;
const HEIGHT = 240;
const LEFT = 56;
const RIGHT = 16;
const TOP = 32;
const BOTTOM = 56;

/** About four round steps from 0 (or the lowest value below it) to the highest value. */
export function axisTicks(values: readonly number[], integers: boolean): number[] {
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const raw = (high - low) / 4 || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normal = raw / magnitude;
  let step = (normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 5 ? 5 : 10) * magnitude;
  if (integers) step = Math.max(1, Math.round(step));
  const first = Math.floor(low / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick < high + step - step / 1e6; tick += step)
    ticks.push(Number(tick.toPrecision(12)));
  if (ticks.length < 2) ticks.push(first + step);
  return ticks;
}

export function lineChartSvg(chart: LineChart): { svg: string; width: number; height: number } {
  const values = chart.categories.flatMap((category) =>
    category.values.filter((value): value is number => value !== null),
  );
  const ticks = axisTicks(values, chart.integers ?? false);
  const low = ticks[0]!;
  const high = ticks.at(-1)!;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotBottom = HEIGHT - BOTTOM;
  const y = (value: number) => plotBottom - ((value - low) / (high - low)) * (plotBottom - TOP);
  const count = chart.categories.length;
  const x = (index: number) => LEFT + (count === 1 ? plotWidth / 2 : (index / (count - 1)) * plotWidth);
  const parts = [
    svgOpening(chart.id ?? 'chart', WIDTH, HEIGHT, chart.title, chart.description),
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
  ];
  for (const tick of ticks) {
    parts.push(
      `<line x1="${LEFT}" y1="${y(tick)}" x2="${WIDTH - RIGHT}" y2="${y(tick)}" stroke="#d1d5db" stroke-width="1"/>`,
      `<text class="y-tick" x="${LEFT - 6}" y="${y(tick) + 4}" text-anchor="end" fill="#374151">${escapeXml(chart.format(tick))}</text>`,
    );
  }
  chart.categories.forEach((category, index) => {
    parts.push(
      `<text x="${x(index)}" y="${plotBottom + 16}" text-anchor="middle" fill="#374151">${escapeXml(category.label)}</text>`,
    );
  });
  chart.series.forEach((series, seriesIndex) => {
    // A gap where a value is missing: the line starts again after it.
    let path = '';
    let drawing = false;
    chart.categories.forEach((category, index) => {
      const value = category.values[seriesIndex] ?? null;
      if (value === null) {
        drawing = false;
        return;
      }
      path += `${drawing ? 'L' : 'M'}${x(index)} ${y(value)} `;
      drawing = true;
    });
    if (path)
      parts.push(
        `<path d="${path.trim()}" fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
      );
    chart.categories.forEach((category, index) => {
      const value = category.values[seriesIndex] ?? null;
      if (value === null) return;
      parts.push(
        `<circle cx="${x(index)}" cy="${y(value)}" r="3" fill="${series.color}"><title>${escapeXml(`${category.label}, ${series.name}: ${chart.format(value)}`)}</title></circle>`,
      );
    });
  });
  let legendX = LEFT;
  const legendY = HEIGHT - 14;
  for (const series of chart.series) {
    parts.push(
      `<line x1="${legendX}" y1="${legendY - 4}" x2="${legendX + 20}" y2="${legendY - 4}" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
      `<text x="${legendX + 26}" y="${legendY}" fill="#111827">${escapeXml(series.name)}</text>`,
    );
    legendX += 26 + series.name.length * 7 + 24;
  }
  parts.push('</svg>');
  return { svg: parts.join(''), width: WIDTH, height: HEIGHT };
}
