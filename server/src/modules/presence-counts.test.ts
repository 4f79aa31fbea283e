import { describe, expect, it } from 'vitest';
import { mod, useInteractions } from '../../../tests/support/interactions-fixture.ts';
import { rooms } from './rooms.ts';

const AUD = rooms.audience('plen');
const MOD = rooms.moderation('plen');

describe('presence counts', () => {
  const f = useInteractions();

  it('reports connected participants to moderators, coalesced', async () => {
    f.presence = { onsite: 3, remote: 2 };
    expect((await f.join.moderator(mod, 'plen')).connected).toEqual({
      onsite: 3,
      remote: 2,
    });
    for (let i = 0; i < 10; i += 1) f.presenceCounts.changed('plen');
    await f.tick(0);
    expect(f.bus.of(MOD, 'presence:counts')).toEqual([{ sessionId: 'plen', onsite: 3, remote: 2 }]);
    expect(f.bus.of(AUD, 'presence:counts')).toEqual([]);
  });
});
