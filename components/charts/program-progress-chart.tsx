'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartNumber } from './format';

/** A long program name shortened for the axis; the tooltip and the table beside carry it in full. */
function short(name: string, max = 28): string {
  return name.length > max ? `${name.slice(0, max - 1).trimEnd()}…` : name;
}

/**
 * Plan against actual to date per program, as horizontal bars named by the programs' names.
 * Decorative for assistive technology: the same numbers are in the table and the summary beside it.
 */
export function ProgramProgressChart({
  data,
  labels,
  locale,
}: {
  data: { name: string; actual: number; planned: number }[];
  labels: { actual: string; planned: string };
  locale: string;
}) {
  const format = chartNumber(locale);
  const percent = (value: unknown) => `${format(value)}%`;
  return (
    <div aria-hidden="true" className="w-full" style={{ height: Math.max(160, 60 + data.length * 56) }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          accessibilityLayer={false}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            domain={[0, (max: number) => Math.max(100, Math.ceil(max))]}
            tick={{ fontSize: 12 }}
            tickFormatter={percent}
          />
          <YAxis
            type="category"
            dataKey="name"
            width={150}
            tick={{ fontSize: 12 }}
            tickFormatter={(value: string) => short(value, 24)}
          />
          <Tooltip formatter={percent} />
          <Legend />
          <Bar dataKey="planned" name={labels.planned} fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="actual" name={labels.actual} fill="#1f5aa6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
