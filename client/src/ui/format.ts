/** Time of day in the edition's time zone, e.g. « 09:30 ». */
export function formatTime(ms: number, lang: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone }).format(ms);
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
