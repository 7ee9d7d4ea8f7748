/** The card's years: the columns of its stage grid and of its indicators' values. */
import { type Line, type Warn, yearsIn } from './lines';

/**
 * The years from the stage grid's header (`stageYears`), else from the indicators' header, with a
 * warning; a warning too when they do not follow one another.
 */
export function readYears(stageYears: number[], indicatorBody: Line[], warn: Warn): number[] {
  let years = stageYears;
  if (years.length === 0) {
    const indicatorHeader = indicatorBody.find((line) => /^typ\b/i.test(line.text));
    years = yearsIn(indicatorHeader?.text ?? '');
    if (years.length > 0) {
      warn('years', 'parse.yearsFromIndicators');
    }
  }
  if (years.some((year, i) => i > 0 && year !== (years[i - 1] ?? 0) + 1)) {
    warn('years', 'parse.yearsNotConsecutive', { years: years.join(', ') });
  }
  return years;
}
