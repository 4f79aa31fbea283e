import type { Cloud, ModCloudResults, MyBallot, MyWord, Poll, PollResults, ScreenItem } from '@agora/shared';
import type {
  Interaction,
  InteractionStore,
  NewBallot,
  NewWord,
} from '../../modules/interactions/interactions.store.ts';
import type { QuestionChange } from '../../modules/questions/questions.store.ts';
import {
  fromRef,
  toInteraction,
  toMyWord,
  toResults,
  toWord,
  type RawGroup,
  type RawResults,
} from './interaction-records.ts';
import { ballotBatch, type Cast } from './ballot-batch.ts';
import { refusals as lifecycleRefusals } from '../../modules/interactions/lifecycle.rules.ts';
import { RedisInteractionWrites } from './interaction-writes.ts';
import type { RedisQuestionStore } from './questions-redis.ts';
import type { ScriptRunner } from './script-runner.ts';
import type { SessionBatch } from './session-batch.ts';

/**
 * The interactions part of the Redis store. Here the reads of polls and clouds, and their two hot
 * writes, ballots and words: one script each, one round trip (interaction-scripts.ts), the ballots
 * of one event-loop turn together in one run (ballot-batch.ts). The other
 * writes are decided in TypeScript and committed by compare-and-set, in the base class
 * (interaction-writes.ts, a file of its own for its size).
 *
 * A ballot or word carries an operation id although its (voter, clientId) bookkeeping already keeps
 * a re-send from counting twice: the recorded reply also tells the caller `counted: true`, so the
 * change is published.
 */
export class RedisInteractionStore extends RedisInteractionWrites implements InteractionStore {
  private readonly ballots: SessionBatch<NewBallot, Cast>;

  constructor(
    scripts: ScriptRunner,
    /** The screen is committed with the questions' sequence number (question-writes.ts). */
    private readonly questions: RedisQuestionStore,
  ) {
    super(scripts);
    this.ballots = ballotBatch(scripts);
  }

  setScreen(input: { sessionId: string; item: ScreenItem | null; at: number }): Promise<QuestionChange> {
    return this.questions.setScreen(input);
  }

  async listInteractions(sessionId: string): Promise<{ polls: Poll[]; clouds: Cloud[] }> {
    const raw = await this.scripts.inSession<[string, string[]][]>(
      'agoraListInteractions',
      sessionId,
      sessionId,
    );
    const polls: Poll[] = [];
    const clouds: Cloud[] = [];
    for (const item of raw.map(fromRef)) {
      if (item.kind === 'poll') polls.push(item);
      else clouds.push(item);
    }
    return { polls, clouds };
  }

  async getPoll(id: string): Promise<Poll | null> {
    const sid = await this.sessionOf(id);
    if (sid === null) return null;
    const fields = await this.scripts.redis.hgetall(this.scripts.keys.interaction('poll', sid, id));
    return fields.id ? (toInteraction('poll', fields) as Poll) : null;
  }

  async getCloud(id: string): Promise<Cloud | null> {
    const sid = await this.sessionOf(id);
    if (sid === null) return null;
    const fields = await this.scripts.redis.hgetall(this.scripts.keys.interaction('cloud', sid, id));
    return fields.id ? (toInteraction('cloud', fields) as Cloud) : null;
  }

  /**
   * The sessions that ever had something in closing (`{g}:closing-sessions`), each read in its slot,
   * merged by remote close time (then by reference, as one sorted set did).
   */
  async listClosing(): Promise<Interaction[]> {
    const sessions = await this.scripts.redis.smembers(this.scripts.key('closing-sessions'));
    const all = (
      await Promise.all(
        sessions.map((sid) =>
          this.scripts.inSession<[string, string[], string][]>('agoraListClosing', sid, sid),
        ),
      )
    ).flat();
    all.sort(([refA, , a], [refB, , b]) => Number(a) - Number(b) || (refA < refB ? -1 : refA > refB ? 1 : 0));
    return all.map(([ref, flat]) => fromRef([ref, flat]));
  }

  async pollResults(pollId: string): Promise<PollResults | null> {
    const sid = await this.sessionOf(pollId);
    if (sid === null) return null;
    const raw = await this.scripts.inSession<RawResults | []>('agoraPollResults', sid, sid, pollId);
    return raw.length === 0 ? null : toResults(pollId, raw as RawResults);
  }

  async cloudResults(cloudId: string): Promise<ModCloudResults | null> {
    const sid = await this.sessionOf(cloudId);
    if (sid === null) return null;
    const raw = await this.scripts.inSession<[[string, string, string, string], RawGroup[]] | []>(
      'agoraCloudResults',
      sid,
      sid,
      cloudId,
    );
    if (raw.length === 0) return null;
    const [[sessionId, status, version, participants], words] = raw as [
      [string, string, string, string],
      RawGroup[],
    ];
    return {
      cloudId,
      sessionId,
      version: Number(version),
      participants: Number(participants),
      words: words.map(toWord),
      final: status === 'closed',
    };
  }

  async listMyBallots(sessionId: string, voterId: string): Promise<MyBallot[]> {
    const raw = await this.scripts.inSession<[string, string][]>(
      'agoraListMyBallots',
      sessionId,
      sessionId,
      voterId,
    );
    return raw.map(([pollId, json]) => {
      const ballot = JSON.parse(json) as { clientId: string; choices: string[] };
      return { pollId, clientId: ballot.clientId, choices: ballot.choices };
    });
  }

  async listMyWords(sessionId: string, participantId: string): Promise<MyWord[]> {
    return (
      await this.scripts.inSession<string[]>('agoraListMyWords', sessionId, sessionId, participantId)
    ).map(toMyWord);
  }

  /** Batched with the node's other ballots of this event-loop turn (ballot-batch.ts). */
  async castBallot(input: NewBallot): Promise<Cast> {
    const sid = await this.sessionOf(input.pollId);
    if (sid === null) throw lifecycleRefusals.notFound('poll');
    return this.ballots.add(sid, input);
  }

  async submitWord(input: NewWord): Promise<{ word: MyWord; counted: boolean }> {
    const sid = await this.sessionOf(input.cloudId);
    if (sid === null) throw lifecycleRefusals.notFound('cloud');
    const [json, counted] = await this.scripts.onceInSession<[string, number]>(
      'agoraSubmitWord',
      sid,
      sid,
      input.cloudId,
      input.participantId,
      input.mode,
      input.clientId,
      input.text,
      input.key,
      input.blocked ? '1' : '0',
      input.at,
      input.admission?.editionId ?? '',
      input.admission?.audiences.join(',') ?? '',
    );
    return { word: toMyWord(json), counted: counted === 1 };
  }
}
