import type { Edition, Session } from '@agora/shared';
import type { CodeRecord, PrincipalRecord } from '../../modules/identity/identity.store.ts';
import type { SessionLive } from '../../modules/questions/questions.store.ts';
import { principalKey } from './identity-state.ts';
import { storedScreen } from '../../modules/questions/questions.rules.ts';
import { State, type StoredQuestion } from './state.ts';

/** The state as a snapshot file holds it (JSON); `stateOfSnapshot` reads it back. */
export function snapshotOf(state: State): unknown {
  return {
    editions: [...state.editions.values()],
    claims: [...state.claims],
    sessions: [...state.sessions.values()],
    live: [...state.live.entries()],
    principals: [...state.principals.values()],
    codes: [...state.codes.values()],
    questions: [...state.questions.values()].map((q) => ({ ...q, voters: [...q.voters] })),
    interactions: state.interactions.toJSON(),
    organizer: state.organizer.toJSON(),
    content: state.content.toJSON(),
    watch: state.watch.toJSON(),
    attendance: state.attendance.toJSON(),
  };
}

/**
 * Reads a snapshot's state in the current data format (`migrateState` upgrades older ones first);
 * parts only some formats have (polls and clouds, the console) are read by their own loaders.
 */
export function stateOfSnapshot(raw: unknown): State {
  const data = raw as {
    editions: Edition[];
    claims: string[];
    sessions: Session[];
    live: [string, SessionLive][];
    principals: PrincipalRecord[];
    codes: CodeRecord[];
    questions: (Omit<StoredQuestion, 'voters'> & { voters: string[] })[];
    interactions?: unknown;
    organizer?: unknown;
    content?: unknown;
    watch?: unknown;
    attendance?: unknown;
  };
  const state = new State();
  for (const e of data.editions) state.editions.set(e.id, e);
  for (const c of data.claims) state.claims.add(c);
  for (const s of data.sessions) state.sessions.set(s.id, s);
  for (const [id, live] of data.live) {
    // Snapshots from before the shared screen are upgraded at load (data-format.ts).
    state.live.set(id, { ...live, screen: storedScreen(live.screen ?? null) });
  }
  for (const p of data.principals) state.principals.set(principalKey(p.role, p.id), p);
  for (const c of data.codes) state.codes.set(c.hash, c);
  for (const q of data.questions) {
    const stored: StoredQuestion = { ...q, voters: new Set(q.voters) };
    state.questions.set(q.id, stored);
    const list = state.bySession.get(q.sessionId) ?? [];
    list.push(q.id);
    state.bySession.set(q.sessionId, list);
    state.byClientId.set(`${q.authorId}:${q.clientId}`, q.id);
  }
  state.interactions.load(data.interactions);
  state.organizer.load(data.organizer);
  state.content.load(data.content);
  state.watch.load(data.watch);
  state.attendance.load(data.attendance);
  return state;
}
