/** A strategy's span of years (both ends included). */
export interface Span {
  startYear: number;
  endYear: number;
}

/** Every year of the span, in order. */
export function spanYears(span: Span): number[] {
  return Array.from({ length: span.endYear - span.startYear + 1 }, (_, i) => span.startYear + i);
}

/** Whether a year (from a URL or a caller) is a whole year inside the span. */
export function isYearInSpan(span: Span, year: number): boolean {
  return Number.isInteger(year) && year >= span.startYear && year <= span.endYear;
}
