import type { ReactNode } from 'react';

export interface Column {
  label: ReactNode;
  align?: 'left' | 'right' | 'center';
}

const ALIGN = { left: 'text-left', right: 'text-right', center: 'text-center' } as const;

/** A table head of column headers (`scope="col"`), as every data table of the app has. */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr className="border-b border-slate-300">
        {columns.map((column, index) => (
          <th key={index} scope="col" className={`py-2 pr-3 ${ALIGN[column.align ?? 'left']}`}>
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function DataTable({ caption, children }: { caption?: ReactNode; children: ReactNode }) {
  return (
    <table className="w-full border-collapse text-sm">
      {caption && <caption className="sr-only">{caption}</caption>}
      {children}
    </table>
  );
}
