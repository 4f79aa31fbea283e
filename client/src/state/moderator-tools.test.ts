import type { ModQuestion } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import type { Interaction } from './interactions.state.ts';
import { phoneWarnings, screenBalance, searchQuestions } from './moderator-tools.ts';

function q(id: string, over: Partial<ModQuestion> = {}): ModQuestion {
  return {
    id,
    sessionId: 's',
    text: `Question ${id}`,
    authorName: null,
    authorMode: 'onsite',
    status: 'approved',
    starred: false,
    votes: 0,
    createdAt: 1,
    originalText: `Question ${id}`,
    edits: [],
    mergedInto: null,
    merged: [],
    updatedAt: 1,
    ...over,
  };
}

describe('searchQuestions', () => {
  const list = [
    q('a', { text: 'Quel budget pour les élus locaux ?', authorName: 'Zoé Martin' }),
    q('b', { text: 'Et la mobilité rurale ?', authorName: null }),
  ];

  it('finds by text or author, without accents or case, every word', () => {
    expect(searchQuestions(list, 'ELUS').map((x) => x.id)).toEqual(['a']);
    expect(searchQuestions(list, 'zoe budget').map((x) => x.id)).toEqual(['a']);
    expect(searchQuestions(list, 'mobilité zoe')).toEqual([]);
    expect(searchQuestions(list, '  ').map((x) => x.id)).toEqual(['a', 'b']);
  });
});

describe('screenBalance', () => {
  it('counts the questions put on screen by side and suggests the best from the side behind', () => {
    const b = screenBalance(
      [
        // Shown then answered, shown and still approved (taken off the screen), on screen now.
        q('h1', { status: 'answered' }),
        q('h2'),
        q('r1', { authorMode: 'remote' }),
        // Answered without going on screen: not counted.
        q('h4', { status: 'answered' }),
        q('h3', { votes: 40 }),
        q('r2', { authorMode: 'remote', votes: 3 }),
        q('r3', { authorMode: 'remote', votes: 9, status: 'pending' }),
      ],
      ['h1', 'h2', 'r1', 'h1'],
    );
    expect(b).toMatchObject({ onsite: 2, remote: 1, behind: 'remote' });
    // h3 has more votes, but the remote side is behind; r3 is not approved yet.
    expect(b.next?.id).toBe('r2');
  });

  it('never suggests a question already shown', () => {
    const b = screenBalance([q('h1', { votes: 50 }), q('h2', { votes: 1 })], ['h1']);
    expect(b).toMatchObject({ onsite: 1, remote: 0, behind: 'remote' });
    expect(b.next?.id).toBe('h2');
  });

  it('suggests the other side when the side behind has nothing waiting, and starred first when even', () => {
    expect(screenBalance([q('h1', { status: 'answered' }), q('h2')], ['h1']).next?.id).toBe('h2');
    const even = screenBalance([q('h', { votes: 5 }), q('r', { authorMode: 'remote', starred: true })], []);
    expect(even).toMatchObject({ onsite: 0, remote: 0, behind: null });
    expect(even.next?.id).toBe('r');
  });
});

describe('phoneWarnings', () => {
  const open = { kind: 'poll', id: 'p', status: 'open' } as unknown as Interaction;
  const closed = { kind: 'cloud', id: 'c', status: 'closed' } as unknown as Interaction;

  it('warns of open interactions some phones cannot answer, by the policy', () => {
    const policy = { ask: 'everyone', upvote: 'everyone' } as const;
    expect(phoneWarnings([open, closed], { ...policy, vote: 'everyone' })).toEqual([]);
    expect(phoneWarnings([open, closed], { ...policy, vote: 'onsite' })).toEqual([
      { kind: 'remote-cannot-answer', item: open },
    ]);
    expect(phoneWarnings([open], { ...policy, vote: 'nobody' })[0]?.kind).toBe('nobody-can-answer');
  });
});
