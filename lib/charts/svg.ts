/*
 * Charts as SVG text, drawn from numbers already computed elsewhere (lib/progress.ts through the
 * loaders): no arithmetic on the data here, only geometry. Accessible on their own (role="img",
 * <title> and <desc>), so the same SVG can go inline into a page or, turned into PNG by
 * lib/charts/png.ts, into a document. Text is drawn in one named font family so a renderer without
 * system fonts can be given exactly those fonts (Polish letters included).
 */

/**
 * Liberation Sans (metric twin of Arial; Debian's fonts-liberation, installed with LibreOffice),
 * else DejaVu Sans: both have every Polish letter. Liberation's simpler OpenType tables shape text
 * about five times faster in resvg, which matters with 45 charts in one document.
 */
export const CHART_FONTS = ['Liberation Sans', 'DejaVu Sans'] as const;

export interface BarSeries {
  /** The legend's name of the series ("Plan narastająco"). */
  name: string;
  /** A fill colour (#rrggbb); the two defaults below have at least 3:1 contrast on white. */
  color: string;
}

export interface BarCategory {
  /** The label under (horizontal chart: beside) the bars, kept short: "I.3.1", "Program 3". */
  label: string;
  /** One value per series, in the series' order; null draws no bar (and "–" as its label). */
  values: (number | null)[];
}

export interface BarChart {
  title: string;
  /** A sentence saying what the chart shows; screen readers read it. */
  description: string;
  series: BarSeries[];
  categories: BarCategory[];
  /** The axis' end (100 for percentages). */
  max: number;
  /** How a value is written on a bar and the axis: the caller's locale and unit ("86%", "1,5%"). */
  format: (value: number) => string;
  /** Unique on its page when the SVG goes inline (its <title> and <desc> ids); default "chart". */
  id?: string;
}

export const SERIES_COLORS = { planned: '#9aa5b1', actual: '#1d4ed8' } as const;

export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const LABEL_WIDTH = 150;
const BAR = 14;
const GAP = 4;
const GROUP_GAP = 12;
const WIDTH = 720;
const RIGHT = 56;
const TOP = 40;
const LEGEND = 32;

/** The opening of an accessible chart: role="img", named by its <title>, described by its <desc>. */
export function svgOpening(id: string, width: number, height: number, title: string, description: string) {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${CHART_FONTS.join(', ')}, sans-serif" font-size="12">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
  ].join('');
}

/**
 * A horizontal grouped bar chart: one group per category, one bar per series, each bar labelled
 * with its value. Horizontal so that long category lists (15 tasks of a program) stay readable.
 */
export function barChartSvg(chart: BarChart): { svg: string; width: number; height: number } {
  const groupHeight = chart.series.length * (BAR + GAP) - GAP;
  const plotHeight = chart.categories.length * (groupHeight + GROUP_GAP);
  const height = TOP + Math.max(plotHeight, groupHeight) + LEGEND + 24;
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
  const max = chart.max > 0 ? chart.max : 1;
  const x = (value: number) => LABEL_WIDTH + (Math.min(Math.max(value, 0), max) / max) * plotWidth;
  const parts: string[] = [];

  parts.push(
    svgOpening(chart.id ?? 'chart', WIDTH, height, chart.title, chart.description),
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold" fill="#111827">${escapeXml(chart.title)}</text>`,
  );
  // The axis: 0, a quarter, half, three quarters, the end, with light grid lines.
  const axisBottom = TOP + plotHeight;
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    const value = max * share;
    const at = x(value);
    parts.push(
      `<line x1="${at}" y1="${TOP - 4}" x2="${at}" y2="${axisBottom}" stroke="#d1d5db" stroke-width="1"/>`,
      `<text x="${at}" y="${axisBottom + 14}" text-anchor="middle" fill="#374151">${escapeXml(chart.format(value))}</text>`,
    );
  }
  chart.categories.forEach((category, index) => {
    const top = TOP + index * (groupHeight + GROUP_GAP);
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${top + groupHeight / 2 + 4}" text-anchor="end" fill="#111827">${escapeXml(category.label)}</text>`,
    );
    chart.series.forEach((series, seriesIndex) => {
      const value = category.values[seriesIndex] ?? null;
      const y = top + seriesIndex * (BAR + GAP);
      const end = value === null ? LABEL_WIDTH : x(value);
      if (value !== null && end > LABEL_WIDTH)
        parts.push(
          `<rect x="${LABEL_WIDTH}" y="${y}" width="${end - LABEL_WIDTH}" height="${BAR}" fill="${series.color}"><title>${escapeXml(`${category.label}, ${series.name}: ${chart.format(value)}`)}</title></rect>`,
        );
      parts.push(
        `<text x="${end + 4}" y="${y + BAR - 3}" fill="#111827">${escapeXml(value === null ? '–' : chart.format(value))}</text>`,
      );
    });
  });
  // The legend under the axis.
  let legendX = LABEL_WIDTH;
  const legendY = axisBottom + 30;
  for (const series of chart.series) {
    parts.push(
      `<rect x="${legendX}" y="${legendY - 10}" width="12" height="12" fill="${series.color}"/>`,
      `<text x="${legendX + 18}" y="${legendY}" fill="#111827">${escapeXml(series.name)}</text>`,
    );
    legendX += 18 + series.name.length * 7 + 24;
  }
  parts.push('</svg>');
  return { svg: parts.join(''), width: WIDTH, height };
}
