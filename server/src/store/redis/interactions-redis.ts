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
import { BallotBatch } from './ballot-batch.ts';
import { RedisInteractionWrites } from './interaction-writes.ts';
import type { RedisQuestionStore } from './questions-redis.ts';
import type { ScriptRunner } from './script-runner.ts';

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
  private readonly ballots: BallotBatch;

  constructor(
    private readonly scripts: ScriptRunner,
    /** The screen is committed with the questions' sequence number (question-writes.ts). */
    private readonly questions: RedisQuestionStore,
  ) {
    super(scripts.redis, scripts.prefix, scripts.ttlSeconds);
    this.ballots = new BallotBatch(scripts);
  }

  setScreen(input: { sessionId: string; item: ScreenItem | null; at: number }): Promise<QuestionChange> {
    return this.questions.setScreen(input);
  }

  async listInteractions(sessionId: string): Promise<{ polls: Poll[]; clouds: Cloud[] }> {
    const raw = await this.scripts.run<[string, string[]][]>('agoraListInteractions', sessionId);
    const polls: Poll[] = [];
    const clouds: Cloud[] = [];
    for (const item of raw.map(fromRef)) {
      if (item.kind === 'poll') polls.push(item);
      else clouds.push(item);
    }
    return { polls, clouds };
  }

  async getPoll(id: string): Promise<Poll | null> {
    const fields = await this.scripts.redis.hgetall(`${this.scripts.prefix}poll:${id}`);
    return fields.id ? (toInteraction('poll', fields) as Poll) : null;
  }

  async getCloud(id: string): Promise<Cloud | null> {
    const fields = await this.scripts.redis.hgetall(`${this.scripts.prefix}cloud:${id}`);
    return fields.id ? (toInteraction('cloud', fields) as Cloud) : null;
  }

  async listClosing(): Promise<Interaction[]> {
    return (await this.scripts.run<[string, string[]][]>('agoraListClosing')).map(fromRef);
  }

  async pollResults(pollId: string): Promise<PollResults | null> {
    const raw = await this.scripts.run<RawResults | []>('agoraPollResults', pollId);
    return raw.length === 0 ? null : toResults(pollId, raw as RawResults);
  }

  async cloudResults(cloudId: string): Promise<ModCloudResults | null> {
    const raw = await this.scripts.run<[[string, string, string, string], RawGroup[]] | []>(
      'agoraCloudResults',
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
    const raw = await this.scripts.run<[string, string][]>('agoraListMyBallots', sessionId, voterId);
    return raw.map(([pollId, json]) => {
      const ballot = JSON.parse(json) as { clientId: string; choices: string[] };
      return { pollId, clientId: ballot.clientId, choices: ballot.choices };
    });
  }

  async listMyWords(sessionId: string, participantId: string): Promise<MyWord[]> {
    return (await this.scripts.run<string[]>('agoraListMyWords', sessionId, participantId)).map(toMyWord);
  }

  /** Batched with the node's other ballots of this event-loop turn (ballot-batch.ts). */
  castBallot(input: NewBallot): Promise<{ ballot: MyBallot; counted: boolean }> {
    return this.ballots.cast(input);
  }

  async submitWord(input: NewWord): Promise<{ word: MyWord; counted: boolean }> {
    const [json, counted] = await this.scripts.once<[string, number]>(
      'agoraSubmitWord',
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
