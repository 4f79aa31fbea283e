import type { Admission } from '@agora/shared';
import type {
  NewQuestion,
  QuestionChange,
  QuestionRecord,
  QuestionStore,
  SessionLive,
} from '../../modules/questions/questions.store.ts';
import type { Journaled } from './journaled.ts';
import { admit } from './poll-state.ts';
import type { Op } from './state.ts';

type Input<T extends Op['t']> = Omit<Extract<Op, { t: T }>, 't'>;

/** Questions and the session's live state in the embedded store; the rules are applied by `State`. */
export class EmbeddedQuestionStore implements QuestionStore {
  constructor(private readonly j: Journaled) {}

  getLive(sessionId: string): Promise<SessionLive> {
    return this.j.durable({ ...this.j.state().liveOf(sessionId) });
  }
  listQuestions(sessionId: string): Promise<readonly QuestionRecord[]> {
    const state = this.j.state();
    return this.j.durable(
      (state.bySession.get(sessionId) ?? []).map((id) => {
        const q = state.questions.get(id);
        if (!q) throw new Error(`index points at missing question ${id}`);
        return state.view(q);
      }),
    );
  }
  async getQuestion(id: string): Promise<QuestionRecord | null> {
    const state = this.j.state();
    const q = state.questions.get(id);
    return q ? state.view(q) : null;
  }
  listUpvoted(sessionId: string, voterId: string): Promise<string[]> {
    const state = this.j.state();
    return this.j.durable(
      (state.bySession.get(sessionId) ?? []).filter((id) => state.questions.get(id)?.voters.has(voterId)),
    );
  }
  askQuestion(q: NewQuestion): Promise<QuestionChange & { question: QuestionRecord; created: boolean }> {
    return this.j.commit({ t: 'ask', q });
  }
  /**
   * As a ballot's (`EmbeddedPolls.castBallot`), the admission is checked before the commit with
   * nothing awaited between, and not journaled.
   */
  async setUpvote({
    admission,
    ...input
  }: Input<'upvote'> & { admission?: Admission }): Promise<
    QuestionChange & { question: QuestionRecord; upvoted: boolean }
  > {
    const state = this.j.state();
    const q = state.questions.get(input.questionId);
    if (q && admission) admit(state.sessions.get(q.sessionId), admission, input.up ? 'upvote' : null);
    return this.j.commit({ t: 'upvote', ...input });
  }
  moderate(input: Input<'moderate'>): Promise<QuestionChange> {
    return this.j.commit({ t: 'moderate', ...input });
  }
  editQuestion(input: Input<'edit'>): Promise<QuestionChange> {
    return this.j.commit({ t: 'edit', ...input });
  }
  mergeQuestions(input: Input<'merge'>): Promise<QuestionChange> {
    return this.j.commit({ t: 'merge', ...input });
  }
  setOnScreen(input: Input<'onscreen'>): Promise<QuestionChange> {
    return this.j.commit({ t: 'onscreen', ...input });
  }
  anonymiseAuthor(editionId: string, authorId: string): Promise<number> {
    return this.j.commit({ t: 'anonymise-author', editionId, authorId });
  }
  wipeQuestions(editionId: string): Promise<number> {
    return this.j.commit({ t: 'org-wipe-questions', editionId });
  }
}
