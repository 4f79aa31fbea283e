import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultPolicy, formatCode, type AttendanceMode, type Role } from '@agora/shared';
import { generateCode, hashCode } from '../../server/src/modules/identity/codes.ts';
import type { StoreParts } from '../../server/src/modules/store-parts.ts';
import { EmbeddedStore } from '../../server/src/store/memory/embedded-store.ts';
import { RedisStore } from '../../server/src/store/redis/redis-store.ts';

/**
 * What an organiser's tooling would do to a stopped server's data folder: open its embedded store
 * and change it through the store interface (never by editing files), so a restart serves it.
 * Only for setups no public API offers yet (revoking a code, a second edition, a scoped moderator,
 * a crowd of hundreds).
 */
export async function withStoppedStore<T>(dataDir: string, change: (seed: Seeder) => Promise<T>): Promise<T> {
  const store = await EmbeddedStore.open({ dataDir });
  try {
    const secret = (await readFile(join(dataDir, 'secret'), 'utf8')).trim();
    // Same derivation as server/src/app.ts, so the codes issued here open the running server.
    const codeKey = createHmac('sha256', secret).update('agora:code').digest();
    return await change(new Seeder(store, codeKey));
  } finally {
    await store.close();
  }
}

/**
 * The same, for nodes sharing Redis: registrants and codes are plain records any node reads on the
 * next join, so the nodes may be running. `secret` is the SECRET every node was started with.
 */
export async function withRedisStore<T>(
  redis: { url: string; prefix: string; secret: string },
  change: (seed: Seeder) => Promise<T>,
): Promise<T> {
  const store = await RedisStore.connect({ url: redis.url, prefix: redis.prefix });
  try {
    const codeKey = createHmac('sha256', redis.secret).update('agora:code').digest();
    return await change(new Seeder(store, codeKey));
  } finally {
    await store.close();
  }
}

const newId = () => randomBytes(12).toString('base64url');

/** What the seeder needs of a store: the embedded one or Redis. */
type SeedStore = Pick<StoreParts, 'identity' | 'program'>;

/** A registrant added by the seeder, with the personal code that opens their account. */
export interface SeededParticipant {
  name: string;
  attendance: AttendanceMode;
  code: string;
}

export class Seeder {
  constructor(
    private readonly store: SeedStore,
    private readonly codeKey: Buffer,
  ) {}

  async editionIdOf(slug: string): Promise<string> {
    const edition = await this.store.program.getEditionBySlug(slug);
    if (!edition) throw new Error(`no edition ${slug}`);
    return edition.id;
  }

  revokeCodes(role: Role, principalId: string): Promise<number> {
    return this.store.identity.revokeCodes(role, principalId);
  }

  private async issue(role: Role, principalId: string, editionId: string): Promise<string> {
    const code = generateCode();
    await this.store.identity.putCode({
      hash: hashCode(this.codeKey, code),
      role,
      principalId,
      editionId,
      revoked: false,
    });
    return formatCode(code);
  }

  /**
   * `count` more participants of an edition, each with a code, on site and remote in turn
   * (the demo has 24: a crowd of hundreds needs these).
   */
  async participants(editionId: string, count: number, label = 'Votant'): Promise<SeededParticipant[]> {
    const out: SeededParticipant[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = newId();
      const name = `${label} ${i + 1}`;
      const attendance: AttendanceMode = i % 2 === 0 ? 'onsite' : 'remote';
      await this.store.identity.putRegistrant({
        id,
        editionId,
        name,
        email: `${label.toLowerCase()}${i + 1}@example.org`,
        organisation: 'Foule de test',
        attendance,
      });
      out.push({ name, attendance, code: await this.issue('participant', id, editionId) });
    }
    return out;
  }

  /** A second edition with one plenary session, one participant and one moderator. */
  async otherEdition(slug: string): Promise<{
    editionId: string;
    sessionId: string;
    participantCode: string;
    moderatorCode: string;
  }> {
    const editionId = newId();
    await this.store.program.putEdition({
      id: editionId,
      slug,
      name: 'Another edition',
      startDate: '2030-01-01',
      endDate: '2030-01-01',
      venue: 'Elsewhere',
      timeZone: 'Europe/Paris',
      replayUntil: '2030-06-01',
    });
    const sessionId = newId();
    await this.store.program.putSession({
      id: sessionId,
      editionId,
      title: 'Opening',
      description: '',
      startsAt: Date.UTC(2030, 0, 1, 8),
      endsAt: Date.UTC(2030, 0, 1, 9),
      room: 'Main hall',
      kind: 'plenary',
      speakers: [],
      policy: defaultPolicy('plenary'),
      remoteDelaySeconds: 0,
      streamUrl: null,
      replayUrl: null,
    });
    const participantId = newId();
    await this.store.identity.putRegistrant({
      id: participantId,
      editionId,
      name: 'Other Person',
      email: 'other@example.org',
      organisation: 'Elsewhere',
      attendance: 'onsite' satisfies AttendanceMode,
    });
    const moderatorId = newId();
    await this.store.identity.putModerator({
      id: moderatorId,
      editionId,
      name: 'Other Moderator',
      sessionIds: null,
    });
    return {
      editionId,
      sessionId,
      participantCode: await this.issue('participant', participantId, editionId),
      moderatorCode: await this.issue('moderator', moderatorId, editionId),
    };
  }

  /** Moves a session so that it runs now: started `minutesAgo` minutes ago, for an hour. */
  async runningNow(sessionId: string, minutesAgo = 1): Promise<void> {
    const session = await this.store.program.getSession(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    const startsAt = Date.now() - minutesAgo * 60_000;
    await this.store.program.putSession({ ...session, startsAt, endsAt: startsAt + 60 * 60_000 });
  }

  /** A moderator of an edition in charge of some of its sessions only. */
  async scopedModerator(editionId: string, sessionIds: string[]): Promise<string> {
    const id = newId();
    await this.store.identity.putModerator({ id, editionId, name: 'Modération atelier', sessionIds });
    return this.issue('moderator', id, editionId);
  }
}
