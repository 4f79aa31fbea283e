import { describe, expect, it } from 'vitest';
import type { CloudResults, ModCloudResults } from '@agora/shared';
import { hall, home, mod, useInteractions } from '../../../../tests/support/interactions-fixture.ts';
import { errorCode } from '../../../../tests/support/service-fixtures.ts';
import { rooms } from '../rooms.ts';

const AUD = rooms.audience('plen');
const MOD = rooms.moderation('plen');

describe('word cloud service', () => {
  const f = useInteractions();

  it('groups words, holds back blocked ones and hides a word from the audience at once', async () => {
    const cloud = await f.openCloud();
    await f.send(hall('a'), cloud.id, 'Coopération');
    await f.send(home('b'), cloud.id, 'coopérations !');
    await f.send(hall('c'), cloud.id, '« coopération »');
    await f.send(hall('d'), cloud.id, 'Connard');
    await f.send(hall('e'), cloud.id, 'confiance');
    await f.tick(1_000);
    const audience = f.bus.of(AUD, 'cloud:results').at(-1) as CloudResults;
    expect(audience.words).toEqual([
      // Three spellings once each: the first seen is shown.
      { key: 'cooperation', text: 'Coopération', count: 3, onsite: 2, remote: 1 },
      { key: 'confiance', text: 'confiance', count: 1, onsite: 1, remote: 0 },
    ]);
    const moderators = f.bus.of(MOD, 'cloud:moderation').at(-1) as ModCloudResults;
    expect(moderators.words.find((w) => w.key === 'connard')).toMatchObject({ hidden: true, blocked: true });

    const before = f.bus.of(AUD, 'cloud:results').length;
    await f.clouds.hideWord(mod, { cloudId: cloud.id, key: 'confiance', hidden: true });
    await f.tick(0);
    expect(f.bus.of(AUD, 'cloud:results')).toHaveLength(before + 1);
    expect((f.bus.of(AUD, 'cloud:results').at(-1) as CloudResults).words.map((w) => w.key)).toEqual([
      'cooperation',
    ]);
    await f.send(hall('f'), cloud.id, 'Confiance');
    await f.tick(1_000);
    expect((f.bus.of(AUD, 'cloud:results').at(-1) as CloudResults).words.map((w) => w.key)).toEqual([
      'cooperation',
    ]);
    await f.clouds.hideWord(mod, { cloudId: cloud.id, key: 'connard', hidden: false });
    await f.tick(0);
    expect((f.bus.of(AUD, 'cloud:results').at(-1) as CloudResults).words.map((w) => w.key)).toContain(
      'connard',
    );
    expect(await errorCode(f.send(hall('g'), cloud.id, ' … '))).toBe('INVALID_PAYLOAD');
    expect(await errorCode(f.clouds.hideWord(hall('a'), { cloudId: cloud.id, key: 'x', hidden: true }))).toBe(
      'FORBIDDEN',
    );
  });

  it('limits words per participant and answers a re-sent word with the same word', async () => {
    const cloud = await f.openCloud();
    const first = await f.send(hall('a'), cloud.id, 'écoute', 'client-word-1');
    expect(await f.send(hall('a'), cloud.id, 'écoute', 'client-word-1')).toEqual(first);
    await f.send(hall('a'), cloud.id, 'respect');
    await f.send(hall('a'), cloud.id, 'confiance');
    expect(await errorCode(f.send(hall('a'), cloud.id, 'partage'))).toBe('LIMIT_REACHED');
    expect((await f.join.audience(hall('a'), 'plen')).interactions.myWords.map((w) => w.key)).toEqual([
      'ecoute',
      'respect',
      'confiance',
    ]);
  });
});
