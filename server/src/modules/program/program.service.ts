import { AppError, defaultProjectorLook, type EditionPublic, type Programme } from '@agora/shared';
import type { Principal } from '../identity/principal.ts';
import { programmeSession } from '../watch/watch.rules.ts';
import type { WatchStore } from '../watch/watch.store.ts';
import type { ProgramStore } from './program.store.ts';

/** Editions and their programme, as participants see them. */
export class ProgramService {
  constructor(
    private readonly store: {
      readonly program: ProgramStore;
      readonly watch: Pick<WatchStore, 'listVideos'>;
    },
    /** The public address may only be known once the server listens (port 0 in tests). */
    private readonly address: { readonly publicUrl: string },
  ) {}

  /** The address participants open to join an edition. */
  joinUrl(slug: string): string {
    return `${this.address.publicUrl}/e/${slug}`;
  }

  /** Anyone: the join page's facts about an edition. */
  async editionPublic(slug: string): Promise<EditionPublic> {
    const edition = await this.store.program.getEditionBySlug(slug);
    if (!edition) throw new AppError('NOT_FOUND', 'edition not found');
    const { name, startDate, endDate, venue, timeZone } = edition;
    return { slug, name, startDate, endDate, venue, timeZone };
  }

  /** The slug of an edition the caller belongs to. */
  async editionSlugOf(editionId: string): Promise<string> {
    const edition = await this.store.program.getEdition(editionId);
    if (!edition) throw new AppError('NOT_FOUND', 'edition not found');
    return edition.slug;
  }

  /** Any role of this edition: the programme (whether each session has a stream or a replay, never their addresses). */
  async programme(principal: Principal, slug: string): Promise<Programme> {
    const edition = await this.store.program.getEditionBySlug(slug);
    if (!edition || edition.id !== principal.editionId) throw new AppError('NOT_FOUND', 'edition not found');
    const [sessions, videos] = await Promise.all([
      this.store.program.listSessions(edition.id),
      this.store.watch.listVideos(edition.id),
    ]);
    const videoOf = new Map(videos.map((v) => [v.sessionId, v]));
    return {
      edition: await this.editionPublic(slug),
      joinUrl: this.joinUrl(slug),
      projector: edition.projector ?? defaultProjectorLook,
      // The stream and replay addresses stay out: they reach entitled people through the watch routes.
      sessions: sessions.map((s) => programmeSession(s, videoOf.get(s.id) ?? null)),
    };
  }
}
