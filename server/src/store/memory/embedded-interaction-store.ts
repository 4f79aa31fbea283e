import type { Cloud, ModCloudResults, ModCloudWord, MyWord, Poll, ScreenItem } from '@agora/shared';
import type {
  Interaction,
  InteractionChange,
  InteractionRef,
  InteractionStore,
  NewWord,
} from '../../modules/interactions/interactions.store.ts';
import type { QuestionChange } from '../../modules/questions/questions.store.ts';
import { copyItem } from './interactions-state.ts';
import type { Journaled } from './journaled.ts';
import { admit, EmbeddedPolls } from './poll-state.ts';
import type { Op } from './state.ts';

type Input<T extends Op['t']> = Omit<Extract<Op, { t: T }>, 't'>;

/**
 * Polls, word clouds and the screen in the embedded store; the rules are applied by
 * `InteractionsState`, but for the polls' reads and ballots, which go to the poll's state directly
 * (`EmbeddedPolls`, poll-state.ts).
 */
export class EmbeddedInteractionStore extends EmbeddedPolls implements InteractionStore {
  constructor(protected override readonly j: Journaled) {
    super(j);
  }

  private get items() {
    return this.j.state().interactions;
  }

  listInteractions(sessionId: string): Promise<{ polls: Poll[]; clouds: Cloud[] }> {
    return this.j.durable(this.items.listOf(sessionId));
  }
  async getCloud(id: string): Promise<Cloud | null> {
    const cloud = this.items.get({ kind: 'cloud', id });
    return cloud?.kind === 'cloud' ? copyItem(cloud) : null;
  }
  async listClosing(): Promise<Interaction[]> {
    return this.items.closing();
  }
  cloudResults(cloudId: string): Promise<ModCloudResults | null> {
    return this.j.durable(this.items.cloudResults(cloudId));
  }
  listMyWords(sessionId: string, participantId: string): Promise<MyWord[]> {
    return this.j.durable(this.items.myWords(sessionId, participantId));
  }
  createPoll(input: Input<'poll-create'>): Promise<Poll> {
    return this.j.commit({ t: 'poll-create', ...input });
  }
  updatePoll(input: Input<'poll-update'>): Promise<Poll> {
    return this.j.commit({ t: 'poll-update', ...input });
  }
  createCloud(input: Input<'cloud-create'>): Promise<Cloud> {
    return this.j.commit({ t: 'cloud-create', ...input });
  }
  updateCloud(input: Input<'cloud-update'>): Promise<Cloud> {
    return this.j.commit({ t: 'cloud-update', ...input });
  }
  openInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.j.commit({ t: 'lifecycle', action: 'open', ref, at });
  }
  closeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.j.commit({ t: 'lifecycle', action: 'close', ref, at });
  }
  finalizeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.j.commit({ t: 'lifecycle', action: 'finalize', ref, at });
  }
  revealInteraction(ref: InteractionRef, revealed: boolean, at: number): Promise<InteractionChange> {
    return this.j.commit({ t: 'reveal', ref, revealed, at });
  }
  /** As a ballot's (`EmbeddedPolls.castBallot`), the admission is checked before the commit. */
  async submitWord({ admission, ...word }: NewWord): Promise<{ word: MyWord; counted: boolean }> {
    const state = this.j.state();
    const c = state.interactions.clouds.get(word.cloudId);
    if (c && admission) admit(state.sessions.get(c.cloud.sessionId), admission);
    return this.j.commit({ t: 'word', word });
  }
  setWordHidden(input: Input<'word-hidden'>): Promise<ModCloudWord> {
    return this.j.commit({ t: 'word-hidden', ...input });
  }
  setScreen(input: { sessionId: string; item: ScreenItem | null; at: number }): Promise<QuestionChange> {
    return this.j.commit({ t: 'set-screen', ...input });
  }
  wipeInteractions(editionId: string): Promise<number> {
    return this.j.commit({ t: 'org-wipe-interactions', editionId });
  }
}
