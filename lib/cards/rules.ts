import { hasAtMostTwoDecimals, parseDecimal, readAmount, readPercent, round2 } from '@/lib/numbers';

/*
 * The rules of a task card's plan and budget, as pure functions shared by the editor (live totals)
 * and the schema (what the server accepts).
 */

/** The sum of planned points typed in the plan grid (empty cells count as nothing). */
export function planTotal(rows: readonly { archived?: boolean; planned: readonly string[] }[]): number {
  let total = 0;
  for (const row of rows) {
    if (row.archived) continue;
    for (const cell of row.planned) total += parseDecimal(cell) ?? 0;
  }
  return round2(total);
}

/** A plan is complete when its planned points sum to exactly 100 (shares of the whole task). */
export function isPlanComplete(total: number): boolean {
  return Math.abs(total - 100) < 0.005;
}

export type FundingKind = 'share' | 'amount' | 'unknown';

export function fundingKind(value: string): FundingKind {
  if (readPercent(value) !== null) return 'share';
  if (readAmount(value) !== null) return 'amount';
  return 'unknown';
}

export type FundingProblem = 'unreadable' | 'tooManyDecimals' | 'mixed' | 'sharesNot100';

/**
 * Funding is given either as shares that sum to 100% or as amounts in złoty; each row must be one
 * of the two, and the two are not mixed on one card.
 */
export function checkFunding(values: readonly string[]): {
  problem: FundingProblem | null;
  shareTotal: number;
  index?: number;
} {
  const kinds = values.map(fundingKind);
  const unreadable = kinds.indexOf('unknown');
  const shareTotal = round2(values.reduce((sum, value) => sum + (readPercent(value) ?? 0), 0));
  if (unreadable >= 0) return { problem: 'unreadable', shareTotal, index: unreadable };
  const precise = firstTooPrecise(values);
  if (precise >= 0) return { problem: 'tooManyDecimals', shareTotal, index: precise };
  if (kinds.includes('share') && kinds.includes('amount')) return { problem: 'mixed', shareTotal };
  if (kinds.includes('share') && Math.abs(shareTotal - 100) >= 0.005)
    return { problem: 'sharesNot100', shareTotal };
  return { problem: null, shareTotal };
}

/**
 * The first funding value with more than two decimals, or -1. Shares and amounts are kept to the
 * grosz and the hundredth of a percent (numeric(…, 2)): a third decimal would be rounded away, and
 * three shares of 33,333% would be stored as 99,99%. The editor's schema and the import refuse it.
 */
export function firstTooPrecise(values: readonly string[]): number {
  return values.findIndex((value) => !hasAtMostTwoDecimals(readPercent(value) ?? readAmount(value) ?? 0));
}

/** Task weights of a program: any sum is allowed, a sum other than 100 is warned about. */
export function weightsWarning(weights: readonly string[]): { total: number; warn: boolean } {
  const total = round2(weights.reduce((sum, value) => sum + (parseDecimal(value) ?? 0), 0));
  return { total, warn: Math.abs(total - 100) >= 0.005 };
}
