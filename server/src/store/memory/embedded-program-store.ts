import type { Edition, InteractionPolicy, Session } from '@agora/shared';
import { checkEditionSlug } from '../../modules/program/program.rules.ts';
import type { ProgramStore } from '../../modules/program/program.store.ts';
import type { Journaled } from './journaled.ts';

/** Editions and sessions of the embedded store: reads from the state, writes through the journal. */
export class EmbeddedProgramStore implements ProgramStore {
  constructor(private readonly j: Journaled) {}

  async isEmpty(): Promise<boolean> {
    return this.j.state().editions.size === 0;
  }
  claimDemo(): Promise<boolean> {
    return this.j.commit({ t: 'claim', name: 'demo' });
  }
  /**
   * Checked here rather than in `State.apply`, and before the commit with nothing awaited between:
   * journals written before the rule may hold two editions with one slug, and must still replay.
   */
  async putEdition(edition: Edition): Promise<void> {
    checkEditionSlug(this.editionBySlug(edition.slug)?.id ?? null, edition.id);
    await this.j.commit({ t: 'edition', edition });
  }
  async getEdition(id: string): Promise<Edition | null> {
    return this.j.state().editions.get(id) ?? null;
  }
  async getEditionBySlug(slug: string): Promise<Edition | null> {
    return this.editionBySlug(slug);
  }
  /** The first edition inserted with this slug. */
  private editionBySlug(slug: string): Edition | null {
    for (const e of this.j.state().editions.values()) if (e.slug === slug) return e;
    return null;
  }
  async putSession(session: Session): Promise<void> {
    await this.j.commit({ t: 'session', session });
  }
  async getSession(id: string): Promise<Session | null> {
    return this.j.state().sessions.get(id) ?? null;
  }
  async listSessions(editionId: string): Promise<Session[]> {
    return [...this.j.state().sessions.values()]
      .filter((s) => s.editionId === editionId)
      .sort((a, b) => a.startsAt - b.startsAt);
  }
  setPolicy(sessionId: string, policy: InteractionPolicy): Promise<Session> {
    return this.j.commit({ t: 'policy', sessionId, policy });
  }
  setRemoteDelay(sessionId: string, remoteDelaySeconds: number): Promise<Session> {
    return this.j.commit({ t: 'delay', sessionId, remoteDelaySeconds });
  }
  setBlackout(sessionId: string, on: boolean): Promise<Session> {
    return this.j.commit({ t: 'blackout', sessionId, on });
  }
}
