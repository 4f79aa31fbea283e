import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, formatCode, normaliseCode } from '@agora/shared';
import { generateCode, hashCode, looksLikeCode } from './codes.ts';
import { addressKey } from './addresses.ts';
import { MemoryFailureCounter } from './failure-counter.ts';
import { JoinLimiter, LoginLimiter, SLOW_LANE } from './failure-limiter.ts';
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

  it('reads back what it signed, from another signer of the same key too, however many it signed since', () => {
    const key = Buffer.from('u'.repeat(32));
    const here = new TokenSigner(key);
    const first = here.sign({ ...payload, exp: 5 });
    for (let i = 0; i < 3000; i += 1) here.sign({ ...payload, iat: i });
    const last = here.sign({ ...payload, iat: 9 });
    for (const signer of [here, new TokenSigner(key)]) {
      expect(signer.verify(first)).toEqual({ ...payload, exp: 5 });
      expect(signer.verify(last)).toEqual({ ...payload, iat: 9 });
    }
    // An organizer token is never a personal one, even just signed.
    const organizer = here.sign({ r: 'organizer', o: 'o1', v: 'fp', iat: 1, exp: 2 });
    expect(here.verify(organizer)).toBeNull();
    expect(here.verifyOrganizer(organizer)).toEqual({ r: 'organizer', o: 'o1', v: 'fp', iat: 1, exp: 2 });
  });
});

const fakeClock = () => ({
  t: 0,
  now() {
    return this.t;
  },
});

const recordingLogger = () => {
  const lines: { object: Record<string, unknown>; message: string }[] = [];
  return { lines, warn: (object: object, message: string) => lines.push({ object: { ...object }, message }) };
};

describe('join limiter', () => {
  const limits = { budget: 3, warnAt: 2, windowMs: 60_000 };
  const setup = () => {
    const clock = fakeClock();
    const logger = recordingLogger();
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const limiter = new JoinLimiter(
      new MemoryFailureCounter(limits.windowMs, clock),
      limits,
      clock,
      logger,
      sleep,
    );
    return { clock, logger, waits, limiter };
  };
  const failTimes = async (limiter: JoinLimiter, address: string, n: number) => {
    for (let i = 0; i < n; i += 1) await limiter.fail(address, await limiter.admit(address));
  };

  it('admits every attempt at once and answers nothing special while the address is under its budget', async () => {
    const { limiter, waits } = setup();
    for (let i = 0; i < 3; i += 1) {
      const admission = await limiter.admit('203.0.113.7');
      expect(admission.slowed).toBe(false);
      expect(await limiter.fail('203.0.113.7', admission)).toBeNull();
    }
    expect(waits).toEqual([]);
  });

  it('over its budget, still admits an address but one attempt per slow-lane step, and answers wrong codes RATE_LIMITED', async () => {
    const { limiter, waits } = setup();
    await failTimes(limiter, '203.0.113.7', 3);
    const admissions = await Promise.all([1, 2, 3].map(() => limiter.admit('203.0.113.7')));
    expect(admissions.every((a) => a.slowed)).toBe(true);
    expect(waits).toEqual([SLOW_LANE.spacingMs, 2 * SLOW_LANE.spacingMs]);
    const refusal = await limiter.fail('203.0.113.7', admissions[0]!);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    // Another address is not slowed by this one.
    expect((await limiter.admit('203.0.113.8')).slowed).toBe(false);
  });

  it('refuses unchecked only an address that keeps more than the slow lane holds queued', async () => {
    const { limiter } = setup();
    await failTimes(limiter, '203.0.113.7', 3);
    const queued = SLOW_LANE.maxWaitMs / SLOW_LANE.spacingMs + 1;
    await Promise.all(Array.from({ length: queued }, () => limiter.admit('203.0.113.7')));
    await expect(limiter.admit('203.0.113.7')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 11 },
    });
  });

  it('goes back to full speed once the window of the failures has passed', async () => {
    const { limiter, clock } = setup();
    await failTimes(limiter, '203.0.113.7', 3);
    clock.t = limits.windowMs;
    expect((await limiter.admit('203.0.113.7')).slowed).toBe(false);
  });

  it('warns once at the warning threshold and once at the budget, with the counts', async () => {
    const { limiter, logger } = setup();
    await failTimes(limiter, '203.0.113.7', 6);
    expect(logger.lines.map((l) => [l.message, l.object.failures, l.object.address])).toEqual([
      ['many wrong personal codes from one address', 2, '203.0.113.7'],
      [expect.stringMatching(/over its budget/), 3, '203.0.113.7'],
    ]);
  });

  it('counts an IPv6 /64 as one address, and an IPv4-mapped address as the IPv4 one', async () => {
    const { limiter } = setup();
    await limiter.fail('2001:db8:1:2::1', { slowed: false });
    await limiter.fail('2001:db8:1:2:ffff:1:2:3', { slowed: false });
    await limiter.fail('2001:0db8:0001:0002::9', { slowed: false });
    expect((await limiter.admit('2001:db8:1:2::77')).slowed).toBe(true);
    expect((await limiter.admit('2001:db8:1:3::1')).slowed).toBe(false);
    await failTimes(limiter, '::ffff:198.51.100.4', 3);
    expect((await limiter.admit('198.51.100.4')).slowed).toBe(true);
  });
});

describe('addresses', () => {
  it('keys IPv4 as is and IPv6 by its /64 whatever its spelling', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:0:0:1::')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe('organizer login limiter', () => {
  it('refuses every login from an address past its budget until the window ends', async () => {
    const clock = fakeClock();
    const logger = recordingLogger();
    const limiter = new LoginLimiter(new MemoryFailureCounter(1_000, clock), 3, logger);
    for (let i = 0; i < 3; i += 1) {
      await limiter.check('1.2.3.4');
      await limiter.fail('1.2.3.4');
    }
    await expect(limiter.check('1.2.3.4')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 1 },
    });
    await expect(limiter.check('5.6.7.8')).resolves.toBeUndefined();
    expect(logger.lines).toHaveLength(1);
    clock.t = 1_000;
    await expect(limiter.check('1.2.3.4')).resolves.toBeUndefined();
  });
});
