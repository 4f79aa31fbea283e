import { describe, expect, it } from 'vitest';
import type { LiveState, PollResults } from '@agora/shared';
import { hall, mod, screen, useInteractions } from '../../../../tests/support/interactions-fixture.ts';
import { errorCode, principal } from '../../../../tests/support/service-fixtures.ts';
import { rooms } from '../rooms.ts';

const AUD = rooms.audience('plen');
const MOD = rooms.moderation('plen');
const everyone = { ask: 'everyone', upvote: 'everyone', vote: 'everyone' } as const;

describe('live session service', () => {
  const f = useInteractions();
  const lastResults = (room: string) => f.bus.of(room, 'poll:results').at(-1) as PollResults | undefined;
  const lastLive = (room: string) => f.bus.of(room, 'live:state').at(-1) as LiveState | undefined;
  const ask = () =>
    f.questions.ask(hall('alice'), {
      sessionId: 'plen',
      clientId: f.cid(),
      text: 'Une question ?',
      anonymous: false,
    });

  it('shows one thing on the projector, and sends the whole live state to the audience and the moderators', async () => {
    const asked = await ask();
    const shown = await f.live.show(mod, { sessionId: 'plen', item: { kind: 'question', id: asked.id } });
    expect(shown).toEqual({
      sessionId: 'plen',
      screen: { kind: 'question', id: asked.id },
      policy: everyone,
      remoteDelaySeconds: 30,
      blackout: false,
    });
    expect(lastLive(AUD)).toEqual(shown);
    expect(lastLive(MOD)).toEqual(shown);

    const poll = await f.openPoll();
    const onPoll = await f.live.show(mod, {
      sessionId: 'plen',
      item: { kind: 'poll', id: poll.id, split: false },
    });
    expect(onPoll.screen).toEqual({ kind: 'poll', id: poll.id, split: false });
    expect(lastLive(AUD)).toEqual(onPoll);
    expect((await f.join.audience(screen, 'plen')).live).toEqual(onPoll);

    // The moderator splits the poll on screen between hall and remote: only that changes.
    const split = await f.live.show(mod, {
      sessionId: 'plen',
      item: { kind: 'poll', id: poll.id, split: true },
    });
    expect(split).toEqual({ ...onPoll, screen: { kind: 'poll', id: poll.id, split: true } });
    expect(lastLive(MOD)).toEqual(split);

    // Answering the question on screen takes it off: the live state says so.
    await f.live.show(mod, { sessionId: 'plen', item: { kind: 'question', id: asked.id } });
    await f.questions.moderate(mod, { questionId: asked.id, action: 'answer' });
    expect(lastLive(AUD)?.screen).toBeNull();
    expect(lastLive(MOD)?.screen).toBeNull();

    const draft = await f.clouds.create(mod, {
      sessionId: 'plen',
      draft: { prompt: 'Un mot', maxWordsPerParticipant: 3, maxLength: 30, visibility: 'live' },
    });
    expect(
      await errorCode(f.live.show(mod, { sessionId: 'plen', item: { kind: 'cloud', id: draft.id } })),
    ).toBe('CONFLICT');
  });

  it('sends the question it approved to the audience before the live state that names it', async () => {
    const asked = await ask();
    f.bus.sent = [];
    await f.live.show(mod, { sessionId: 'plen', item: { kind: 'question', id: asked.id } });
    const events = f.bus.to(AUD).map((s) => s.event);
    expect(events).toEqual(['qa:audience', 'live:state']);
    expect(f.bus.of(AUD, 'qa:audience')[0]).toMatchObject({ upsert: [{ id: asked.id, status: 'approved' }] });
  });

  it('keeps the Q&A sequence whole when only the screen moved, without an extra message at once', async () => {
    const poll = await f.openPoll();
    const before = (await f.join.audience(hall('bob'), 'plen')).qa.seq;
    f.bus.sent = [];
    await f.live.show(mod, { sessionId: 'plen', item: { kind: 'poll', id: poll.id, split: false } });
    await f.live.show(mod, { sessionId: 'plen', item: null });
    // Two screen changes, one delta for both once the interval allows it.
    await f.tick(1_000);
    const deltas = f.bus.of(AUD, 'qa:audience');
    expect(deltas).toEqual([expect.objectContaining({ fromSeq: before, seq: before + 2, upsert: [] })]);
    expect(f.bus.of(AUD, 'live:state')).toHaveLength(2);
  });

  it('lets only the moderators of the session change the screen, the policy and the stream delay', async () => {
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
      expect(await errorCode(f.live.setPolicy(who, { sessionId: 'plen', policy: everyone }))).toBe(
        'FORBIDDEN',
      );
    }
    expect(f.bus.of(AUD, 'live:state')).toEqual([]);
  });

  it('changes the stream delay for the next close and tells every room', async () => {
    const state = await f.live.setDelay(mod, { sessionId: 'plen', remoteDelaySeconds: 0 });
    expect(state.remoteDelaySeconds).toBe(0);
    expect(f.bus.of(AUD, 'live:state')).toEqual([state]);
    expect(f.bus.of(MOD, 'live:state')).toEqual([state]);
    const poll = await f.openPoll();
    const closed = await f.polls.close(mod, poll.id);
    expect(closed.status).toBe('closed');
    await f.tick(0);
    expect(lastResults(AUD)?.final).toBe(true);
  });

  it('changes the policy and keeps what is on screen in the state it sends', async () => {
    const poll = await f.openPoll();
    await f.live.show(mod, { sessionId: 'plen', item: { kind: 'poll', id: poll.id, split: false } });
    const onsite = { ask: 'onsite', upvote: 'onsite', vote: 'nobody' } as const;
    const state = await f.live.setPolicy(mod, { sessionId: 'plen', policy: onsite });
    expect(state).toEqual({
      sessionId: 'plen',
      screen: { kind: 'poll', id: poll.id, split: false },
      policy: onsite,
      remoteDelaySeconds: 30,
      blackout: false,
    });
    expect(lastLive(AUD)).toEqual(state);
    expect((await f.join.audience(hall('bob'), 'plen')).live).toEqual(state);
  });

  it('follows the rooms only once the caller is let in', async () => {
    const followed: string[] = [];
    const follow = (room: string) => () => {
      followed.push(`+${room}`);
    };
    const outsider = principal('participant', 'x', { editionId: 'other', attendance: 'onsite' });
    expect(await errorCode(f.join.audience(outsider, 'plen', follow('aud')))).toBe('NOT_FOUND');
    expect(await errorCode(f.join.moderator(hall('alice'), 'plen', follow('mod')))).toBe('FORBIDDEN');
    expect(followed).toEqual([]);

    const snapshot = await f.join.audience(hall('alice'), 'plen', follow('aud'));
    expect(followed).toEqual(['+aud']);
    expect(snapshot.live.sessionId).toBe('plen');
  });
});
