import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultPolicy, formatCode, type AttendanceMode, type Role } from '@agora/shared';
import { generateCode, hashCode } from '../../server/src/modules/identity/codes.ts';
import { EmbeddedStore } from '../../server/src/store/memory/embedded-store.ts';

/**
 * What an organiser's tooling would do to a stopped server's data folder: open its embedded store
 * and change it through the store interface (never by editing files), so a restart serves it.
 * Only for setups no public API offers yet (revoking a code, a second edition, a scoped moderator).
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

const newId = () => randomBytes(12).toString('base64url');

export class Seeder {
  constructor(
    private readonly store: EmbeddedStore,
    private readonly codeKey: Buffer,
  ) {}

  async editionIdOf(slug: string): Promise<string> {
    const edition = await this.store.getEditionBySlug(slug);
    if (!edition) throw new Error(`no edition ${slug}`);
    return edition.id;
  }

  revokeCodes(role: Role, principalId: string): Promise<number> {
    return this.store.revokeCodes(role, principalId);
  }

  private async issue(role: Role, principalId: string, editionId: string): Promise<string> {
    const code = generateCode();
    await this.store.putCode({
      hash: hashCode(this.codeKey, code),
      role,
      principalId,
      editionId,
      revoked: false,
    });
    return formatCode(code);
  }

  /** A second edition with one plenary session, one participant and one moderator. */
  async otherEdition(slug: string): Promise<{
    editionId: string;
    sessionId: string;
    participantCode: string;
    moderatorCode: string;
  }> {
    const editionId = newId();
    await this.store.putEdition({
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
    await this.store.putSession({
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
    await this.store.putRegistrant({
      id: participantId,
      editionId,
      name: 'Other Person',
      email: 'other@example.org',
      organisation: 'Elsewhere',
      attendance: 'onsite' satisfies AttendanceMode,
    });
    const moderatorId = newId();
    await this.store.putModerator({ id: moderatorId, editionId, name: 'Other Moderator', sessionIds: null });
    return {
      editionId,
      sessionId,
      participantCode: await this.issue('participant', participantId, editionId),
      moderatorCode: await this.issue('moderator', moderatorId, editionId),
    };
  }

  /** A moderator of an edition in charge of some of its sessions only. */
  async scopedModerator(editionId: string, sessionIds: string[]): Promise<string> {
    const id = newId();
    await this.store.putModerator({ id, editionId, name: 'Modération atelier', sessionIds });
    return this.issue('moderator', id, editionId);
  }
}
