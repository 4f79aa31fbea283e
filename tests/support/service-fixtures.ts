import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, defaultPolicy, type Edition, type ServerEventName, type Session } from '@agora/shared';
import { EmbeddedStore } from '../../server/src/store/memory/embedded-store.ts';
import type { Broadcaster, LocalPublish } from '../../server/src/modules/broadcaster.ts';
import type { Principal } from '../../server/src/modules/identity/principal.ts';

/** Keeps every publish so a service test can assert what went to which room. */
export class RecordingBroadcaster implements Broadcaster {
  sent: { room: string; event: ServerEventName; payload: unknown; except?: string; volatile?: boolean }[] =
    [];
  /** Sockets per room as `localSize` reports them; rooms not set are empty. */
  readonly sizes = new Map<string, number>();
  publish(room: string, event: ServerEventName, payload: unknown, except?: string): void {
    this.sent.push({ room, event, payload, ...(except === undefined ? {} : { except }) });
  }
  /** One node here: its sockets are every socket. */
  publishLocal(room: string, event: ServerEventName, payload: unknown, options: LocalPublish = {}): void {
    this.sent.push({
      room,
      event,
      payload,
      ...(options.except === undefined ? {} : { except: options.except }),
      ...(options.volatile ? { volatile: true } : {}),
    });
  }
  localSize(room: string): number {
    return this.sizes.get(room) ?? 0;
  }
  /** What this node told the other nodes. */
  signals: { key: string; now: boolean }[] = [];
  private handlers: ((key: string, now: boolean) => void)[] = [];
  signal(key: string, now: boolean): void {
    this.signals.push({ key, now });
  }
  onSignal(handler: (key: string, now: boolean) => void): void {
    this.handlers.push(handler);
  }
  /** Another node signals a change. */
  fromPeer(key: string, now = false): void {
    for (const handler of this.handlers) handler(key, now);
  }
  /** What this node handed the other nodes (`share`), in order. */
  shared: { topic: string; data: unknown }[] = [];
  private sharedHandlers: { topic: string; handler: (data: unknown) => void }[] = [];
  share(topic: string, data: unknown): void {
    this.shared.push({ topic, data });
  }
  onShared(topic: string, handler: (data: unknown) => void): void {
    this.sharedHandlers.push({ topic, handler });
  }
  /** Another node hands this one `data` under `topic`. */
  fromPeerShared(topic: string, data: unknown): void {
    for (const h of this.sharedHandlers) if (h.topic === topic) h.handler(data);
  }
  to(room: string) {
    return this.sent.filter((s) => s.room === room);
  }
  of(room: string, event: ServerEventName) {
    return this.to(room)
      .filter((s) => s.event === event)
      .map((s) => s.payload);
  }
}

/** A principal of edition `ed`; a participant is on site unless `more` says otherwise. */
export const principal = (role: Principal['role'], id: string, more: Partial<Principal> = {}): Principal => ({
  role,
  id,
  editionId: 'ed',
  name: id,
  attendance: role === 'participant' ? 'onsite' : null,
  sessionIds: null,
  room: null,
  ...more,
});

/** The code of the `AppError` the promise rejects with; anything else fails the test. */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error.code;
}

export const testEdition = (id: string, name: string): Edition => ({
  id,
  slug: id,
  name,
  startDate: '2026-01-01',
  endDate: '2026-01-01',
  venue: '',
  timeZone: 'UTC',
  replayUntil: '2026-10-01',
});

export const testSession = (
  id: string,
  title: string,
  kind: Session['kind'],
  more: Partial<Session> = {},
): Session => ({
  id,
  editionId: 'ed',
  title,
  description: '',
  startsAt: 0,
  endsAt: 1,
  room: 'Amphi',
  kind,
  speakers: [],
  policy: defaultPolicy(kind),
  remoteDelaySeconds: 0,
  streamUrl: null,
  replayUrl: null,
  ...more,
});

/**
 * An embedded store in a fresh temporary folder (the caller removes `dir`) holding edition `ed`
 * with the plenary `plen` and the workshop `work`.
 */
export async function openSeededStore(
  prefix: string,
  plenary: Partial<Session> = {},
): Promise<{ dir: string; store: EmbeddedStore }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = await EmbeddedStore.open({ dataDir: dir });
  await store.program.putEdition(testEdition('ed', 'Ed'));
  await store.program.putSession(testSession('plen', 'Plénière', 'plenary', plenary));
  await store.program.putSession(testSession('work', 'Atelier', 'workshop'));
  return { dir, store };
}
