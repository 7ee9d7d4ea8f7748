'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/**
 * Plan against actual to date per program, as bars. Decorative for assistive technology: the same
 * numbers are in the table and the summary beside it.
 */
export function ProgramProgressChart({
  data,
  labels,
}: {
  data: { name: string; actual: number; planned: number }[];
  labels: { actual: string; planned: string };
}) {
  return (
    <div aria-hidden="true" className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} />
          <YAxis unit="%" tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="planned" name={labels.planned} fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="actual" name={labels.actual} fill="#1f5aa6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
