import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazyZodResolver } from '@/components/ui/lazy-zod-resolver';
import { zodResolver } from '@/components/ui/zod-resolver';
import { axisTicks, lineChartSvg } from '@/lib/charts/line';
import { svgToPng } from '@/lib/charts/png';

const chart = {
  id: 'indicator-svg-7',
  title: 'Grupy <wsparcia> & kluby',
  description: 'Wartość docelowa i osiągnięta w kolejnych latach.',
  series: [
    { name: 'Wartość docelowa', color: '#475569', dashed: true },
    { name: 'Wykonanie', color: '#1f5aa6' },
  ],
  categories: [
    { label: '2011', values: [1, 0] },
    { label: '2012', values: [1, null] },
    { label: '2013', values: [2, 1] },
  ],
  format: (value: number) => String(value).replace('.', ','),
  integers: true,
};

describe('the SVG line chart (the dashboard’s indicators, drawn on the server)', () => {
  it('is an accessible image with its own ids, every point named with its value', () => {
    const { svg } = lineChartSvg(chart);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="indicator-svg-7-title indicator-svg-7-desc"/);
    expect(svg).toContain('<title id="indicator-svg-7-title">Grupy &#60;wsparcia&#62; &#38; kluby</title>');
    expect(svg).toContain('<title>2013, Wykonanie: 1</title>');
    expect(svg).toContain('<title>2012, Wartość docelowa: 1</title>');
    // No point where there is no value.
    expect(svg).not.toContain('2012, Wykonanie');
  });

  it('breaks a line at a missing value and dashes the target', () => {
    const { svg } = lineChartSvg(chart);
    const paths = [...svg.matchAll(/<path d="([^"]+)"[^>]*>/g)].map((match) => match[0]);
    expect(paths).toHaveLength(2);
    expect(paths[0]).toContain('stroke-dasharray="5 4"');
    // The actual line: two pieces (2011, then 2013 after the gap), each starting with a move.
    expect(paths[1]!.match(/M/g)).toHaveLength(2);
  });

  it('gives counts whole-number ticks only, and other values round steps', () => {
    expect(axisTicks([0, 1, 1, 2], true)).toEqual([0, 1, 2]);
    expect(axisTicks([0, 1], true).every(Number.isInteger)).toBe(true);
    expect(axisTicks([0.3, 1.5], false)).toEqual([0, 0.5, 1, 1.5]);
    expect(axisTicks([120, 480], false)).toEqual([0, 200, 400, 600]);
    const ticks = [...lineChartSvg(chart).svg.matchAll(/class="y-tick"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0', '1', '2']);
  });

  it('turns into a PNG like the bar chart (the Word chapter uses the same SVG)', () => {
    const png = svgToPng(lineChartSvg(chart).svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('the lazily loaded resolver of a form', () => {
  const schema = z.object({ login: z.string().trim().min(1, 'required') });
  it('gives the same per-field errors as the resolver loaded with the page', async () => {
    const lazy = lazyZodResolver(async () => schema);
    const options = { fields: {}, shouldUseNativeValidation: false } as const;
    const now = await zodResolver(schema)({ login: ' ' }, undefined, options);
    const later = await lazy({ login: ' ' }, undefined, options);
    expect(later.errors.login?.message).toBe('required');
    expect(later.errors.login?.message).toBe(now.errors.login?.message);
    expect((await lazy({ login: 'ala' }, undefined, options)).values).toEqual({ login: 'ala' });
  });
});
