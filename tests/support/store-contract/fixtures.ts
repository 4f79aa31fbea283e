import { expect } from 'vitest';
import { AppError, defaultPolicy, type Edition, type Session } from '@agora/shared';
import type { Store } from '../../../server/src/store/store.ts';

export const EDITION = 'ed1';
export const SESSION = 'ses1';

export const edition: Edition = {
  id: EDITION,
  slug: 'ed-one',
  name: 'Edition one',
  startDate: '2026-06-24',
  endDate: '2026-06-25',
  venue: 'Nantes',
  timeZone: 'Europe/Paris',
  replayUntil: '2027-03-25',
};

export function session(id: string, overrides: Partial<Session> = {}): Session {
  return {
    id,
    editionId: EDITION,
    title: `Session ${id}`,
    description: '',
    startsAt: 1_000,
    endsAt: 2_000,
    room: 'Amphi',
    kind: 'plenary',
    speakers: [],
    policy: defaultPolicy('plenary'),
    remoteDelaySeconds: 0,
    streamUrl: null,
    replayUrl: null,
    ...overrides,
  };
}

/** The edition and its session `SESSION` that every contract test starts from. */
export async function seedEdition(store: Store): Promise<void> {
  await store.program.putEdition(edition);
  await store.program.putSession(session(SESSION));
}

export async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}
