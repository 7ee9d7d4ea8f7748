/*
 * The office's calendar: days are Warsaw days. A holding "from 2024-03-01" starts at midnight in
 * Warsaw, whatever the server's time zone.
 */

/** Midnight in Warsaw at the start of the given day (YYYY-MM-DD): the office's calendar. */
export function warsawMidnight(day: string): Date {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  const utcMidnight = Date.UTC(year, month - 1, date);
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Warsaw',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(instant));
    const part = (type: Intl.DateTimeFormatPartTypes) =>
      Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
    const wallClock = Date.UTC(
      part('year'),
      part('month') - 1,
      part('day'),
      part('hour'),
      part('minute'),
      part('second'),
    );
    return wallClock - instant;
  };
  const guess = utcMidnight - offsetAt(utcMidnight);
  return new Date(utcMidnight - offsetAt(guess));
}

/** Made once: a date format costs ~40 µs to build, and lists ask for today once a row. */
const warsawDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Warsaw',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Warsaw as YYYY-MM-DD (the default of the date fields, and what "late" means). */
export function warsawToday(now: Date = new Date()): string {
  return warsawDay.format(now);
}
