'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { allIntegers, chartNumber } from './format';

/** Target against actual of one indicator over the years; the table beside it carries the same values. */
export function IndicatorChart({
  points,
  labels,
  locale,
}: {
  points: { year: number; target: number | null; actual: number | null }[];
  labels: { target: string; actual: string };
  locale: string;
}) {
  const format = chartNumber(locale);
  // Counts (every value whole) get whole-number ticks only.
  const integers = allIntegers(points.flatMap((point) => [point.target, point.actual]));
  return (
    <div aria-hidden="true" className="h-48 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={points}
          accessibilityLayer={false}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="year" tick={{ fontSize: 12 }} />
          <YAxis tick={{ fontSize: 12 }} allowDecimals={!integers} tickFormatter={format} />
          <Tooltip formatter={format} />
          <Legend />
          <Line
            type="linear"
            dataKey="target"
            name={labels.target}
            stroke="#64748b"
            strokeDasharray="5 4"
            connectNulls={false}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="actual"
            name={labels.actual}
            stroke="#1f5aa6"
            strokeWidth={2}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
