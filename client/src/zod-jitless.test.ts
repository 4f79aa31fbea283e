import { describe, expect, it } from 'vitest';

describe('zod-jitless', () => {
  it('makes zod jitless without importing it first', async () => {
    await import('./zod-jitless.ts');
    const { z } = await import('zod');
    expect(z.config().jitless).toBe(true);
  });
});
