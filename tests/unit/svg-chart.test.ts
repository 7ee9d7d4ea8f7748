import { describe, expect, it } from 'vitest';
import { barChartSvg } from '@/lib/charts/svg';
import { svgToPng } from '@/lib/charts/png';

const chart = {
  title: 'Zadania programu I.3 <2013> & plan',
  description: 'Plan narastająco i postęp „do końca” roku.',
  series: [
    { name: 'Plan', color: '#9aa5b1' },
    { name: 'Postęp', color: '#1d4ed8' },
  ],
  categories: [
    { label: 'I.3.1', values: [100, 86] },
    { label: 'I.3.2', values: [50, null] },
  ],
  max: 100,
  format: (value: number) => `${String(value).replace('.', ',')}%`,
};

describe('the SVG bar chart', () => {
  it('is an accessible image: role, title and description, every value written on its bar', () => {
    const { svg } = barChartSvg(chart);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"/);
    // Text is escaped, never markup.
    expect(svg).toContain('<title id="chart-title">Zadania programu I.3 &#60;2013&#62; &#38; plan</title>');
    expect(svg).toContain('<desc id="chart-desc">Plan narastająco i postęp „do końca” roku.</desc>');
    expect(svg).toContain('<title>I.3.1, Postęp: 86%</title>');
    expect([...svg.matchAll(/>(\d+%|–)<\/text>/g)].map((match) => match[1])).toEqual(
      expect.arrayContaining(['100%', '86%', '50%', '–']),
    );
    // No bar for a missing value: three bars for four values.
    expect(svg.match(/<rect x="150" y="[\d.]+" width="[\d.]+" height="14"/g)).toHaveLength(3);
  });

  it('draws longer bars for larger values, on a common axis', () => {
    const { svg } = barChartSvg(chart);
    const widths = [...svg.matchAll(/<rect x="150" y="[\d.]+" width="([\d.]+)"/g)].map((match) =>
      Number(match[1]),
    );
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.86, 2);
    expect(widths[2]! / widths[0]!).toBeCloseTo(0.5, 2);
  });

  it('turns into a PNG at 1.25 times its size', () => {
    const { svg, width, height } = barChartSvg(chart);
    const png = svgToPng(svg);
    expect([...png.subarray(1, 4)].map((code) => String.fromCharCode(code)).join('')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(
      [width * 1.25, height * 1.25].map(Math.round),
    );
  });
});
