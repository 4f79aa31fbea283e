/**
 * Time of day in the edition's time zone: « 09:30 » in French, as programmes print it; « 9:30 AM »
 * in English (two digits there read « 01:41 AM »).
 */
export function formatTime(ms: number, lang: string, timeZone?: string): string {
  const hour = lang.startsWith('fr') ? '2-digit' : 'numeric';
  return new Intl.DateTimeFormat(lang, { hour, minute: '2-digit', timeZone }).format(ms);
}

/** Full day, e.g. « mardi 24 juin 2025 ». */
export function formatDay(msOrIso: number | string, lang: string, timeZone?: string): string {
  const date = typeof msOrIso === 'string' ? new Date(`${msOrIso}T12:00:00Z`) : new Date(msOrIso);
  return new Intl.DateTimeFormat(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(date);
}

/** An address as people type it: no protocol, no trailing slash. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}
