import type { ReactNode } from 'react';

export interface Column {
  label: ReactNode;
  align?: 'left' | 'right' | 'center';
  /** More classes for the header cell, e.g. a width ('w-16'). */
  className?: string;
}

const ALIGN = { left: 'text-left', right: 'text-right', center: 'text-center' } as const;

/*
 * The tables' classes, one place for the components below and for the council report's print view,
 * which writes the same markup as text (components/reports/yearly-document.ts).
 */
export const TABLE_SCROLL_CLASS =
  'relative -mx-1.5 -mb-1.5 overflow-x-auto px-1.5 pb-1.5 print:m-0 print:overflow-visible print:p-0';
export const HEAD_ROW_CLASS = 'border-b border-slate-300';
export const tableClass = (size: 'sm' | 'xs') =>
  `w-full border-collapse ${size === 'xs' ? 'text-xs' : 'text-sm'}`;
export const headCellClass = (column: Pick<Column, 'align' | 'className'>) =>
  `py-2 pr-3 ${ALIGN[column.align ?? 'left']} ${column.className ?? ''}`.trimEnd();

/** A table head of column headers (`scope="col"`), as every data table of the app has. */
export function TableHead({ columns, className }: { columns: Column[]; className?: string }) {
  return (
    <thead className={className}>
      <tr className={HEAD_ROW_CLASS}>
        {columns.map((column, index) => (
          <th key={index} scope="col" className={headCellClass(column)}>
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
  return <div className={TABLE_SCROLL_CLASS}>{children}</div>;
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
      <table className={tableClass(size)}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </TableScroll>
  );
}
