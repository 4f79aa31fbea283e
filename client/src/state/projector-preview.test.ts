import type { LiveState, ModCloudWord, ModQuestion } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import { moderatorProjectorScreen, moderatorSessionFrom, type ModeratorSession } from './session.state.ts';
import { cloud, poll as fixture } from './test-fixtures.ts';

const poll = fixture('hidden', {
  visibility: 'hidden',
  revealed: false,
  options: [{ id: 'a', label: 'Oui' }],
});
const word = (key: string, hidden = false): ModCloudWord => ({
  key,
  text: key,
  count: 2,
  onsite: 1,
  remote: 1,
  hidden,
  blocked: false,
});
const question = (id: string, status: ModQuestion['status']): ModQuestion => ({
  id,
  sessionId: 's1',
  text: `Question ${id}`,
  authorName: null,
  authorMode: 'remote',
  status,
  starred: false,
  votes: 3,
  createdAt: 1,
  originalText: `Question ${id}`,
  edits: [],
  mergedInto: null,
  merged: [],
  updatedAt: 1,
});
const tally = { ballots: 2, counts: { a: 2 } };

function session(screen: LiveState['screen'], history?: string[]): ModeratorSession {
  return moderatorSessionFrom(
    {
      sessionId: 's1',
      serverNow: 0,
      live: {
        sessionId: 's1',
        screen,
        policy: { ask: 'everyone', upvote: 'everyone', vote: 'everyone' },
        remoteDelaySeconds: 0,
        blackout: false,
        ...(history ? { history } : {}),
      },
      qa: {
        seq: 1,
        questions: [question('ok', 'approved'), question('wait', 'pending'), question('no', 'rejected')],
      },
      interactions: {
        polls: [poll],
        clouds: [cloud('c1'), cloud('secret', { visibility: 'hidden', revealed: false })],
        pollResults: [
          {
            pollId: 'hidden',
            sessionId: 's1',
            version: 1,
            all: tally,
            onsite: tally,
            remote: tally,
            final: false,
          },
        ],
        cloudResults: [
          {
            cloudId: 'c1',
            sessionId: 's1',
            version: 1,
            participants: 2,
            words: [word('oui'), word('bof', true)],
            final: false,
          },
          {
            cloudId: 'secret',
            sessionId: 's1',
            version: 1,
            participants: 1,
            words: [word('x')],
            final: false,
          },
        ],
      },
      connected: { onsite: 1, remote: 1 },
      measuredDelay: { sessionId: 's1', viewers: 0, medianSeconds: null, p90Seconds: null, follow: false },
      shownQuestions: [],
    },
    0,
    null,
  );
}

describe('the projector as the moderator’s console previews it', () => {
  it('draws an approved question, and the join screen for one the audience does not see', () => {
    expect(moderatorProjectorScreen(session({ kind: 'question', id: 'ok' }))).toMatchObject({
      kind: 'question',
      question: { id: 'ok', text: 'Question ok', authorName: null, votes: 3 },
    });
    expect(moderatorProjectorScreen(session({ kind: 'question', id: 'no' }))).toEqual({ kind: 'join' });
    expect(moderatorProjectorScreen(session(null))).toEqual({ kind: 'join' });
  });

  it('leaves out hidden words and results the audience may not see yet, as the server does', () => {
    expect(moderatorProjectorScreen(session({ kind: 'cloud', id: 'c1' }))).toMatchObject({
      kind: 'cloud',
      results: { words: [{ key: 'oui', text: 'oui', count: 2, onsite: 1, remote: 1 }] },
    });
    const shown = moderatorProjectorScreen(session({ kind: 'cloud', id: 'c1' }));
    expect(shown.kind === 'cloud' && shown.results?.words[0]).not.toHaveProperty('hidden');
    expect(moderatorProjectorScreen(session({ kind: 'cloud', id: 'secret' }))).toMatchObject({
      results: null,
    });
    expect(moderatorProjectorScreen(session({ kind: 'poll', id: 'hidden', split: false }))).toMatchObject({
      kind: 'poll',
      results: null,
    });
  });

  it('lists in the history only the questions the audience sees, in the order shown', () => {
    expect(
      moderatorProjectorScreen(session({ kind: 'history', id: 's1' }, ['no', 'ok', 'wait'])),
    ).toMatchObject({
      kind: 'history',
      questions: [{ id: 'ok' }],
    });
  });

  it('makes a cloud’s audience words once per results object (the cloud lays out again only on news)', () => {
    const s = session({ kind: 'cloud', id: 'c1' });
    const a = moderatorProjectorScreen(s);
    const b = moderatorProjectorScreen({ ...s, live: { ...s.live } });
    expect(a.kind === 'cloud' && b.kind === 'cloud' && a.results === b.results).toBe(true);
  });
});
