// Wall-clock times of an edition's time zone, with the platform's own tz database (server and browser).

/**
 * One formatter per time zone, made once: constructing an Intl.DateTimeFormat costs about 70 µs, and
 * a join computes its token's end with three of them (278 µs per join measured before the cache).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a time zone (24-hour, two digits each). */
function zonedParts(instant: number, timeZone: string): (type: Intl.DateTimeFormatPartTypes) => string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  return (type) => parts.find((p) => p.type === type)?.value ?? '00';
}

/** Offset (ms) of a time zone from UTC at a given instant, from the platform's own tz database. */
function offsetAt(instant: number, timeZone: string): number {
  const get = zonedParts(instant, timeZone);
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(get(type));
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a wall-clock time (`date` YYYY-MM-DD, minutes after midnight) in a time zone. */
export function zonedEpoch(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  const first = naive - offsetAt(naive, timeZone);
  // A second pass settles the hour around a daylight-saving change.
  return naive - offsetAt(first, timeZone);
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: number): string {
  const get = zonedParts(now, timeZone);
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant in a time zone. */
export function wallClock(
  instant: number,
  timeZone: string,
): { date: string; time: string; minutes: number } {
  const get = zonedParts(instant, timeZone);
  const hour = get('hour');
  const minute = get('minute');
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${hour}:${minute}`,
    minutes: Number(hour) * 60 + Number(minute),
  };
}

/**
 * An instant as `YYYY-MM-DD HH:MM:SS` on the wall clock of a time zone: the form spreadsheets
 * (LibreOffice, Excel) read as a date and time they can sort and filter, where an ISO string with
 * an offset stays text.
 */
export function localDateTime(instant: number, timeZone: string): string {
  const get = zonedParts(instant, timeZone);
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** Minutes after midnight of `HH:MM` or the French `9h30`. */
export function minutesOf(time: string): number {
  const [h = 0, m = 0] = time.split(/[:h]/).map(Number);
  return h * 60 + m;
}

/** Adds months to a YYYY-MM-DD date (clamped to the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
