/** Personal codes as people type and read them (no zod here: the join page's first load uses it). */

/** Unambiguous alphabet of personal codes: no 0/O, 1/I/L, no U (avoids words). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** Normalises what a person typed: case, spaces and the dashes between groups do not matter. */
export function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s\-_.]/g, '');
}

/** Formats a code for people: groups of four. */
export function formatCode(code: string): string {
  return (code.match(/.{1,4}/g) ?? []).join('-');
}
