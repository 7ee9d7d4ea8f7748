import type { ReactNode } from 'react';

export interface Column {
  label: ReactNode;
  align?: 'left' | 'right' | 'center';
  /** More classes for the header cell, e.g. a width ('w-16'). */
  className?: string;
}

const ALIGN = { left: 'text-left', right: 'text-right', center: 'text-center' } as const;

/** A table head of column headers (`scope="col"`), as every data table of the app has. */
export function TableHead({ columns, className }: { columns: Column[]; className?: string }) {
  return (
    <thead className={className}>
      <tr className="border-b border-slate-300">
        {columns.map((column, index) => (
          <th
            key={index}
            scope="col"
            className={`py-2 pr-3 ${ALIGN[column.align ?? 'left']} ${column.className ?? ''}`.trimEnd()}
          >
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/**
 * Around every table: on a narrow screen (a phone, or 400 % zoom) a wide table scrolls sideways on
 * its own, and the page does not (WCAG 1.4.10, reflow). Printed, the table is shown whole.
 */
export function TableScroll({ children }: { children: ReactNode }) {
  // `relative`: what is positioned inside (the fields' visually hidden labels) stays in the box
  // and does not widen the page. The padding, taken back by the negative margin, leaves room for
  // the focus ring (3 px + 2 px offset) of a field at the box's edge, which the box would clip.
  return (
    <div className="relative -mx-1.5 -mb-1.5 overflow-x-auto px-1.5 pb-1.5 print:m-0 print:overflow-visible print:p-0">
      {children}
    </div>
  );
}

/** A data table in its scroll box; the caption, when given, is for screen readers only. */
export function DataTable({
  caption,
  size = 'sm',
  children,
}: {
  caption?: ReactNode;
  /** The council's report and the dashboard use the smaller type, to fit more columns. */
  size?: 'sm' | 'xs';
  children: ReactNode;
}) {
  return (
    <TableScroll>
      <table className={`w-full border-collapse ${size === 'xs' ? 'text-xs' : 'text-sm'}`}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </TableScroll>
  );
}
