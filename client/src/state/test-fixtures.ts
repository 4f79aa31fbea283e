/**
 * Records for the client state tests: one session `s1`, written once. Each takes the fields a test
 * cares about as overrides.
 */
import type { Cloud, LiveState, MyQuestion, Poll, PublicQuestion } from '@agora/shared';

export const everyone = { ask: 'everyone', upvote: 'everyone', vote: 'everyone' } as const;

export function live(over: Partial<LiveState> = {}): LiveState {
  return {
    sessionId: 's1',
    screen: null,
    policy: everyone,
    remoteDelaySeconds: 30,
    blackout: false,
    ...over,
  };
}

export function question(id: string, over: Partial<PublicQuestion> = {}): PublicQuestion {
  return {
    id,
    sessionId: 's1',
    text: `Question ${id}`,
    authorName: 'Camille',
    authorMode: 'onsite',
    status: 'approved',
    starred: false,
    votes: 0,
    createdAt: 1000,
    ...over,
  };
}

/** The author's own copy of `question(id)`. */
export function mine(id: string, over: Partial<MyQuestion> = {}): MyQuestion {
  return {
    ...question(id, { status: 'pending' }),
    clientId: `client-${id}-01`,
    mergedInto: null,
    updatedAt: 1,
    ...over,
  };
}

/** What every poll and cloud of `s1` has: open, live, revealed. */
const lifecycle = {
  sessionId: 's1',
  status: 'open',
  visibility: 'live',
  revealed: true,
  createdAt: 1,
  openedAt: 10,
  closedAt: null,
  remoteClosesAt: null,
} as const;

export function poll(id: string, over: Partial<Poll> = {}): Poll {
  return {
    ...lifecycle,
    kind: 'poll',
    id,
    question: 'Votre avis ?',
    pollKind: 'single',
    options: [
      { id: 'a', label: 'Oui' },
      { id: 'b', label: 'Non' },
    ],
    maxChoices: 1,
    scale: null,
    ...over,
  };
}

export function cloud(id: string, over: Partial<Cloud> = {}): Cloud {
  return {
    ...lifecycle,
    kind: 'cloud',
    id,
    openedAt: 20,
    prompt: 'En un mot ?',
    maxWordsPerParticipant: 3,
    maxLength: 30,
    ...over,
  };
}
