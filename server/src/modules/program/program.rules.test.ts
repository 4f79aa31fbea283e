import { describe, expect, it } from 'vitest';
import { checkOrganizerEmail, checkEdition, checkErasure } from '../organizer/organizer.rules.ts';
import { checkEditionSlug, checkSessionEdition, mustSession } from './program.rules.ts';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return `${code} ${message}`;
  }
  return 'no refusal';
};

describe('programme and organizer rules', () => {
  it('keeps a slug to one edition', () => {
    expect(refusal(() => checkEditionSlug(null, 'e1'))).toBe('no refusal');
    expect(refusal(() => checkEditionSlug('e1', 'e1'))).toBe('no refusal');
    expect(refusal(() => checkEditionSlug('e2', 'e1'))).toBe('CONFLICT this slug is taken');
  });

  it('puts sessions in editions and changes settings of existing sessions', () => {
    expect(refusal(() => checkSessionEdition(false))).toBe('NOT_FOUND edition not found');
    expect(refusal(() => mustSession(null))).toBe('NOT_FOUND session not found');
    expect(mustSession({ id: 's' })).toEqual({ id: 's' });
  });

  it('keeps an email to one organizer account; settings and erasure within an edition', () => {
    expect(refusal(() => checkOrganizerEmail('a2', 'a1'))).toBe(
      'CONFLICT an organizer account with this email exists',
    );
    expect(refusal(() => checkOrganizerEmail('a1', 'a1'))).toBe('no refusal');
    expect(refusal(() => checkEdition(false))).toBe('NOT_FOUND edition not found');
    expect(refusal(() => checkErasure({ editionId: 'e2' }, 'e1'))).toBe('NOT_FOUND not found');
    expect(refusal(() => checkErasure(null, 'e1'))).toBe('NOT_FOUND not found');
  });
});
