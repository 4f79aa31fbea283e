import { describe, expect, it } from 'vitest';
import { AppError, organizerRoutes } from '@agora/shared';
import { parse } from './register-route.ts';

const detailsOf = (value: unknown) => {
  try {
    parse(organizerRoutes.importProgramme.body, value, 'body');
  } catch (error) {
    if (error instanceof AppError) return { message: error.message, details: error.details };
    throw error;
  }
  throw new Error('parsed');
};

describe('route parsing', () => {
  it('reports the JSON branch of a JSON-or-CSV body sent as JSON, field by field', () => {
    const { message, details } = detailsOf({ sessions: [], extra: 1 });
    expect(message).toBe('invalid body');
    expect((details as { path: string }[]).map((d) => d.path).sort()).toEqual(['', 'sessions']);
  });

  it('asks for a CSV file when the body is an empty text', () => {
    expect(detailsOf('  ').details).toEqual([{ path: '', message: 'send the file as text/csv (UTF-8)' }]);
  });
});
