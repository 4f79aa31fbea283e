import { describe, expect, it } from 'vitest';
import {
  acceptsFrom,
  admissionOf,
  admissionRefusal,
  answerRefusal,
  audienceIncludes,
  type AnswerTarget,
} from './participation.ts';

const poll = (status: AnswerTarget['status'], remoteClosesAt: number | null = null): AnswerTarget => ({
  kind: 'poll',
  status,
  remoteClosesAt,
});

describe('participation rules', () => {
  it('lets everyone, the hall only, or nobody act as the policy names', () => {
    expect(audienceIncludes('everyone', 'remote')).toBe(true);
    expect(audienceIncludes('everyone', null)).toBe(true);
    expect(audienceIncludes('onsite', 'onsite')).toBe(true);
    expect(audienceIncludes('onsite', 'remote')).toBe(false);
    expect(audienceIncludes('onsite', null)).toBe(false);
    expect(audienceIncludes('nobody', 'onsite')).toBe(false);
  });

  it('takes an answer from everyone while open', () => {
    expect(acceptsFrom(poll('open'), 'onsite', 0)).toBe(true);
    expect(acceptsFrom(poll('open'), 'remote', 0)).toBe(true);
  });

  it('takes an answer from remote people only, until their window ends, while closing', () => {
    const closing = poll('closing', 1_000);
    expect(acceptsFrom(closing, 'remote', 999)).toBe(true);
    expect(answerRefusal(closing, 'remote', 1_000)).toEqual({
      code: 'CLOSED',
      message: 'the poll is not open',
    });
    expect(answerRefusal(closing, 'onsite', 0)).toEqual({
      code: 'CLOSED',
      message: 'closed in the hall (still open for remote participants)',
    });
    expect(acceptsFrom(poll('closing', null), 'remote', 0)).toBe(false);
  });

  it('refuses every answer to a draft or a closed poll or cloud', () => {
    expect(answerRefusal(poll('draft'), 'remote', 0)?.message).toBe('the poll is not open');
    expect(
      answerRefusal({ kind: 'cloud', status: 'closed', remoteClosesAt: null }, 'onsite', 0)?.message,
    ).toBe('the cloud is not open');
  });

  it('admits a participant to the policies their attendance belongs to, and nobody else', () => {
    expect(admissionOf({ role: 'participant', editionId: 'e', attendance: 'onsite' })).toEqual({
      editionId: 'e',
      audiences: ['everyone', 'onsite'],
    });
    expect(admissionOf({ role: 'participant', editionId: 'e', attendance: 'remote' })?.audiences).toEqual([
      'everyone',
    ]);
    expect(admissionOf({ role: 'moderator', editionId: 'e', attendance: null })).toBeNull();
  });

  it("names why a session does not admit: another edition's or missing, then its vote policy", () => {
    const remote = { editionId: 'e', audiences: ['everyone' as const] };
    const session = (editionId: string, vote: 'everyone' | 'onsite') => ({
      editionId,
      policy: { ask: 'everyone' as const, upvote: 'everyone' as const, vote },
    });
    expect(admissionRefusal(session('e', 'everyone'), remote)).toBeNull();
    expect(admissionRefusal(session('other', 'everyone'), remote)).toBe('notFound');
    expect(admissionRefusal(undefined, remote)).toBe('notFound');
    expect(admissionRefusal(session('e', 'onsite'), remote)).toBe('votePolicy');
  });

  it('checks an upvote against the upvote policy, and a withdrawal against the edition alone', () => {
    const remote = { editionId: 'e', audiences: ['everyone' as const] };
    const session = (editionId: string, upvote: 'everyone' | 'onsite') => ({
      editionId,
      policy: { ask: 'everyone' as const, upvote, vote: 'everyone' as const },
    });
    expect(admissionRefusal(session('e', 'everyone'), remote, 'upvote')).toBeNull();
    expect(admissionRefusal(session('e', 'onsite'), remote, 'upvote')).toBe('upvotePolicy');
    expect(admissionRefusal(session('e', 'onsite'), remote, 'vote')).toBeNull();
    expect(admissionRefusal(session('e', 'onsite'), remote, null)).toBeNull();
    expect(admissionRefusal(session('other', 'everyone'), remote, null)).toBe('notFound');
  });
});
