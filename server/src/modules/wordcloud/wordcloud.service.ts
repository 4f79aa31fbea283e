import {
  admissionOf,
  type Cloud,
  type CommandParsedInput,
  type ModCloudWord,
  type MyWord,
} from '@agora/shared';
import { newId, type Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import { moderatedInteraction } from '../interactions/interaction-access.ts';
import type { InteractionStore } from '../interactions/interactions.store.ts';
import type { InteractionLifecycle } from '../interactions/lifecycle.ts';
import type { ResultsFanout } from '../interactions/results-fanout.ts';
import type { ProgramStore } from '../program/program.store.ts';
import { moderatedSession, refusals as access } from '../session-access.ts';
import type { BlockedWords } from './blocked-words.ts';
import { normaliseWord } from './normalise.ts';
import { refusals } from './wordcloud.rules.ts';

export interface WordCloudDeps {
  store: {
    interactions: Pick<
      InteractionStore,
      'getPoll' | 'getCloud' | 'createCloud' | 'updateCloud' | 'submitWord' | 'setWordHidden'
    >;
    program: ProgramStore;
  };
  clock: Clock;
  lifecycle: InteractionLifecycle;
  results: ResultsFanout;
  blocked: BlockedWords;
}

/**
 * Word clouds: definitions, words and their moderation; their lifecycle is the shared one
 * (`lifecycle.ts`) and their results go out through the fan-out (`results-fanout.ts`), both after
 * the durable write.
 */
export class WordCloudService {
  constructor(private readonly deps: WordCloudDeps) {}

  /** Moderators of the session: prepare a word cloud; `cloud:updated` to moderators only (a draft). */
  async create(principal: Principal, input: CommandParsedInput<'cloud:create'>): Promise<Cloud> {
    await moderatedSession(this.deps.store.program, principal, input.sessionId);
    const cloud = await this.deps.store.interactions.createCloud({
      id: newId(),
      sessionId: input.sessionId,
      definition: { ...input.draft },
      at: this.deps.clock.now(),
    });
    this.deps.lifecycle.publishUpdated(cloud);
    return cloud;
  }

  /** Moderators of the session: edit a cloud that has no word yet (CONFLICT otherwise). */
  async update(principal: Principal, input: CommandParsedInput<'cloud:update'>): Promise<Cloud> {
    await moderatedInteraction(this.deps.store, principal, { kind: 'cloud', id: input.cloudId });
    const cloud = await this.deps.store.interactions.updateCloud({
      cloudId: input.cloudId,
      definition: { ...input.draft },
      at: this.deps.clock.now(),
    });
    this.deps.lifecycle.publishUpdated(cloud);
    return cloud;
  }

  /** Moderators of the session: open a draft or re-open a closed cloud (words kept). */
  open(principal: Principal, cloudId: string): Promise<Cloud> {
    return this.deps.lifecycle.open(principal, { kind: 'cloud', id: cloudId });
  }

  /** Moderators of the session: close for the hall now, for remote participants after the stream delay. */
  close(principal: Principal, cloudId: string): Promise<Cloud> {
    return this.deps.lifecycle.close(principal, { kind: 'cloud', id: cloudId });
  }

  /** Moderators of the session: show (or hide again) the words of a `hidden` cloud. */
  reveal(principal: Principal, cloudId: string, revealed: boolean): Promise<Cloud> {
    return this.deps.lifecycle.reveal(principal, { kind: 'cloud', id: cloudId }, revealed);
  }

  /**
   * Participants the policy lets vote: send a word or short phrase, received at `at`. It is
   * normalised (grouping key) and checked against the blocked words (a blocked new word is held back
   * for moderators). The cloud's session is checked by the write itself: one trip to the store.
   */
  async submit(principal: Principal, input: CommandParsedInput<'cloud:submit'>, at: number): Promise<MyWord> {
    const admission = admissionOf(principal);
    if (!admission) throw access.notParticipant();
    const normalised = normaliseWord(input.text);
    if (!normalised) throw refusals.noWord();
    const result = await this.deps.store.interactions.submitWord({
      cloudId: input.cloudId,
      participantId: principal.id,
      mode: principal.attendance ?? 'remote',
      clientId: input.clientId,
      text: normalised.display,
      key: normalised.key,
      blocked: this.deps.blocked.blocks(normalised.key),
      at,
      admission,
    });
    if (result.counted) this.deps.results.changed('cloud', input.cloudId);
    return result.word;
  }

  /**
   * Moderators of the session: hide a word group from every screen at once (it stays hidden when
   * sent again), or show it; the cloud's results go to every tier at once.
   */
  async hideWord(principal: Principal, input: CommandParsedInput<'cloud:hide'>): Promise<ModCloudWord> {
    const cloud = await moderatedInteraction(this.deps.store, principal, {
      kind: 'cloud',
      id: input.cloudId,
    });
    const word = await this.deps.store.interactions.setWordHidden({
      cloudId: cloud.id,
      key: input.key,
      hidden: input.hidden,
      at: this.deps.clock.now(),
    });
    this.deps.results.changed('cloud', cloud.id, true);
    return word;
  }
}
