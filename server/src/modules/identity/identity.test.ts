import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, formatCode, normaliseCode } from '@agora/shared';
import { generateCode, hashCode, looksLikeCode } from './codes.ts';
import { FailureLimiter } from './failure-limiter.ts';
import { TokenSigner } from './tokens.ts';

describe('personal codes', () => {
  it('uses only unambiguous characters and carries at least 50 bits of entropy', () => {
    expect(CODE_ALPHABET).not.toMatch(/[01OIL]/);
    const code = generateCode();
    expect(code).toHaveLength(12);
    expect(code.length * Math.log2(CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
    expect([...code].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
  });

  it('reads a code whatever the case, spaces and dashes', () => {
    const code = generateCode();
    const key = Buffer.from('k'.repeat(32));
    const typed = ` ${formatCode(code).toLowerCase().replace(/-/g, ' - ')} `;
    expect(normaliseCode(typed)).toBe(code);
    expect(hashCode(key, typed)).toBe(hashCode(key, code));
    expect(looksLikeCode(typed)).toBe(true);
    expect(looksLikeCode('0000-1111-OOOO')).toBe(false);
  });

  it('stores nothing a thief could use without the key', () => {
    const code = generateCode();
    const hash = hashCode(Buffer.from('a'.repeat(32)), code);
    expect(hash).not.toContain(code);
    expect(hashCode(Buffer.from('b'.repeat(32)), code)).not.toBe(hash);
  });
});

describe('tokens', () => {
  const signer = new TokenSigner(Buffer.from('s'.repeat(32)));
  const payload = { r: 'participant' as const, p: 'p1', e: 'ed', c: 'hash', iat: 1 };

  it('verifies its own tokens', () => {
    expect(signer.verify(signer.sign(payload))).toEqual(payload);
  });

  it('refuses a token whose payload was changed or signed with another key', () => {
    const token = signer.sign(payload);
    const [, mac] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...payload, r: 'moderator' })).toString('base64url')}.${mac}`;
    expect(signer.verify(forged)).toBeNull();
    expect(new TokenSigner(Buffer.from('t'.repeat(32))).verify(token)).toBeNull();
    expect(signer.verify('garbage')).toBeNull();
    expect(signer.verify('a.b.c')).toBeNull();
  });
});

describe('failure limiter', () => {
  it('refuses an address after too many failures until they age out', () => {
    const clock = {
      t: 0,
      now() {
        return this.t;
      },
    };
    const limiter = new FailureLimiter(3, 1_000, clock);
    for (let i = 0; i < 3; i += 1) {
      limiter.check('1.2.3.4');
      limiter.fail('1.2.3.4');
    }
    expect(() => limiter.check('1.2.3.4')).toThrow(/too many/);
    expect(() => limiter.check('5.6.7.8')).not.toThrow();
    clock.t = 1_001;
    expect(() => limiter.check('1.2.3.4')).not.toThrow();
  });
});
