import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@agora/shared';
import { EmbeddedStore } from '../../store/memory/embedded-store.ts';
import { accessEndsAt, LATE_ACCESS_MS, replayEndsAt } from './access-window.ts';
import { hashCode } from './codes.ts';
import { MemoryFailureCounter } from './failure-counter.ts';
import { JoinLimiter } from './failure-limiter.ts';
import { IdentityService } from './identity.service.ts';
import { TokenSigner } from './tokens.ts';

const edition = {
  id: 'ed',
  slug: 'assises',
  name: 'Assises',
  startDate: '2026-06-24',
  endDate: '2026-06-25',
  venue: 'Nantes',
  timeZone: 'Europe/Paris',
  replayUntil: '2027-03-25',
};
const codeKey = Buffer.from('c'.repeat(32));
const signer = new TokenSigner(Buffer.from('t'.repeat(32)));
const PARTICIPANT = 'PART2345PART';
const MODERATOR = 'MQDE2345MQDE';
/** 24 June 2026, 08:00 in Paris. */
const dayOne = Date.UTC(2026, 5, 24, 6);
/** 26 June 2026, 00:00 in Paris (UTC+2): the midnight closing the last day. */
const lastDayEnds = Date.UTC(2026, 5, 25, 22);

/** What `authenticate` refused with, or null when it let the token in. */
async function refusal(identity: IdentityService, token: string): Promise<AppError | null> {
  try {
    await identity.authenticate(token);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe('personal tokens end with the edition, and rejoining renews them', () => {
  let dir: string;
  let store: EmbeddedStore;
  const clock = { t: dayOne, now: () => clock.t };
  let identity: IdentityService;

  beforeEach(async () => {
    clock.t = dayOne;
    dir = mkdtempSync(join(tmpdir(), 'agora-tokens-'));
    store = await EmbeddedStore.open({ dataDir: dir });
    await store.program.putEdition(edition);
    await store.identity.putRegistrant({
      id: 'r1',
      editionId: 'ed',
      name: 'Léa Moreau',
      email: 'lea@example.org',
      organisation: 'X',
      attendance: 'remote',
    });
    await store.identity.putModerator({ id: 'm1', editionId: 'ed', name: 'Nadia', sessionIds: null });
    for (const [code, role, principalId] of [
      [PARTICIPANT, 'participant', 'r1'],
      [MODERATOR, 'moderator', 'm1'],
    ] as const) {
      await store.identity.putCode({
        hash: hashCode(codeKey, code),
        role,
        principalId,
        editionId: 'ed',
        revoked: false,
      });
    }
    identity = new IdentityService(
      store,
      codeKey,
      signer,
      new JoinLimiter(
        new MemoryFailureCounter(60_000, clock),
        { budget: 100, warnAt: 50, windowMs: 60_000 },
        clock,
        { warn: () => {} },
      ),
      clock,
    );
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a participant in until the replay window closes, then refuses with TOKEN_EXPIRED', async () => {
    const joined = await identity.join('assises', PARTICIPANT, '1.2.3.4');
    expect(joined.expiresAt).toBe(replayEndsAt(edition));
    clock.t = replayEndsAt(edition) - 1;
    expect(await refusal(identity, joined.token)).toBeNull();
    clock.t = replayEndsAt(edition);
    const refused = await refusal(identity, joined.token);
    expect(refused?.code).toBe('UNAUTHORIZED');
    expect(refused?.details).toEqual({ reason: 'TOKEN_EXPIRED' });
  });

  it('ends a moderator’s token at the midnight closing the edition’s last day, in its time zone', async () => {
    const joined = await identity.join('assises', MODERATOR, '1.2.3.4');
    expect(joined.expiresAt).toBe(lastDayEnds);
    clock.t = lastDayEnds - 1;
    expect(await refusal(identity, joined.token)).toBeNull();
    clock.t = lastDayEnds;
    expect((await refusal(identity, joined.token))?.details).toEqual({ reason: 'TOKEN_EXPIRED' });
  });

  it('renews an ended moderator token on rejoin, for a working day when the edition is over', async () => {
    const first = await identity.join('assises', MODERATOR, '1.2.3.4');
    clock.t = lastDayEnds + 1_000;
    expect(await refusal(identity, first.token)).not.toBeNull();
    const again = await identity.join('assises', MODERATOR, '1.2.3.4');
    expect(again.expiresAt).toBe(clock.t + LATE_ACCESS_MS);
    expect(await refusal(identity, again.token)).toBeNull();
  });

  it('refuses a participant joining after the replay window', async () => {
    clock.t = replayEndsAt(edition);
    expect(accessEndsAt('participant', edition, clock.t)).toBeNull();
    await expect(identity.join('assises', PARTICIPANT, '1.2.3.4')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('keeps a token issued before tokens carried an end working until the edition’s end, computed on use', async () => {
    const legacy = signer.sign({
      r: 'moderator',
      p: 'm1',
      e: 'ed',
      c: hashCode(codeKey, MODERATOR),
      iat: dayOne,
    });
    clock.t = lastDayEnds - 1;
    expect(await refusal(identity, legacy)).toBeNull();
    clock.t = lastDayEnds;
    expect((await refusal(identity, legacy))?.details).toEqual({ reason: 'TOKEN_EXPIRED' });
  });
});
