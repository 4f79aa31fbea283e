import { describe, expect, it } from 'vitest';
import type { PollResults } from '@agora/shared';
import { hall, mod, screen, useInteractions } from '../../../../tests/support/interactions-fixture.ts';
import { errorCode, principal } from '../../../../tests/support/service-fixtures.ts';
import { rooms } from '../rooms.ts';

const AUD = rooms.audience('plen');
const MOD = rooms.moderation('plen');

describe('live session service', () => {
  const f = useInteractions();
  const lastResults = (room: string) => f.bus.of(room, 'poll:results').at(-1) as PollResults | undefined;

  it('shows one thing on the projector: a poll replaces the question and the reverse', async () => {
    const asked = await f.questions.ask(hall('alice'), {
      sessionId: 'plen',
      clientId: f.cid(),
      text: 'Une question ?',
      anonymous: false,
    });
    await f.questions.show(mod, { sessionId: 'plen', questionId: asked.id });
    expect(f.bus.of(AUD, 'screen:changed').at(-1)).toEqual({
      sessionId: 'plen',
      screen: { kind: 'question', id: asked.id },
    });
    const poll = await f.openPoll();
    const shown = await f.live.show(mod, {
      sessionId: 'plen',
      item: { kind: 'poll', id: poll.id, split: false },
    });
    expect(shown).toEqual({ sessionId: 'plen', screen: { kind: 'poll', id: poll.id, split: false } });
    expect(f.bus.of(AUD, 'screen:changed').at(-1)).toEqual(shown);
    expect(f.bus.of(MOD, 'screen:changed').at(-1)).toEqual(shown);
    // The Q&A views learn that the question left the screen, with the next sequence number.
    expect(f.bus.of(AUD, 'qa:audience').at(-1)).toMatchObject({ onScreen: null });
    expect(f.bus.of(MOD, 'qa:moderation').at(-1)).toMatchObject({ onScreenId: null });
    expect((await f.interactions.snapshot(screen, 'plen')).screen).toEqual({
      kind: 'poll',
      id: poll.id,
      split: false,
    });

    // The moderator splits the poll on screen between hall and remote: only that changes.
    const split = await f.live.show(mod, {
      sessionId: 'plen',
      item: { kind: 'poll', id: poll.id, split: true },
    });
    expect(split.screen).toEqual({ kind: 'poll', id: poll.id, split: true });
    expect(f.bus.of(AUD, 'screen:changed').at(-1)).toEqual(split);
    expect(f.bus.of(MOD, 'screen:changed').at(-1)).toEqual(split);
    expect((await f.interactions.snapshot(screen, 'plen')).screen).toEqual(split.screen);

    await f.live.show(mod, { sessionId: 'plen', item: { kind: 'question', id: asked.id } });
    expect(f.bus.of(AUD, 'screen:changed').at(-1)).toEqual({
      sessionId: 'plen',
      screen: { kind: 'question', id: asked.id },
    });
    await f.questions.moderate(mod, { questionId: asked.id, action: 'answer' });
    expect(f.bus.of(AUD, 'screen:changed').at(-1)).toEqual({ sessionId: 'plen', screen: null });
    const draft = await f.clouds.create(mod, {
      sessionId: 'plen',
      draft: { prompt: 'Un mot', maxWordsPerParticipant: 3, maxLength: 30, visibility: 'live' },
    });
    expect(
      await errorCode(f.live.show(mod, { sessionId: 'plen', item: { kind: 'cloud', id: draft.id } })),
    ).toBe('CONFLICT');
  });

  it('lets only the moderators of the session change the screen and the stream delay', async () => {
    const poll = await f.openPoll();
    const elsewhere = principal('moderator', 'mod2', { sessionIds: ['work'] });
    for (const who of [hall('alice'), screen, elsewhere]) {
      expect(
        await errorCode(
          f.live.show(who, { sessionId: 'plen', item: { kind: 'poll', id: poll.id, split: false } }),
        ),
      ).toBe('FORBIDDEN');
      expect(await errorCode(f.live.setDelay(who, { sessionId: 'plen', remoteDelaySeconds: 5 }))).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('changes the stream delay for the next close and tells every room', async () => {
    const session = await f.live.setDelay(mod, { sessionId: 'plen', remoteDelaySeconds: 0 });
    expect(session.remoteDelaySeconds).toBe(0);
    expect(f.bus.of(AUD, 'session:updated')).toHaveLength(1);
    expect(f.bus.of(MOD, 'session:updated')).toHaveLength(1);
    const poll = await f.openPoll();
    const closed = await f.polls.close(mod, poll.id);
    expect(closed.status).toBe('closed');
    await f.tick(0);
    expect(lastResults(AUD)?.final).toBe(true);
  });
});
