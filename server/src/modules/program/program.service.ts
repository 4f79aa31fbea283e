import { AppError, defaultProjectorLook, type EditionPublic, type Programme } from '@agora/shared';
import type { Principal } from '../identity/principal.ts';
import type { ProgramStore } from './program.store.ts';

/** Editions and their programme, as participants see them. */
export class ProgramService {
  constructor(
    private readonly store: ProgramStore,
    /** The public address may only be known once the server listens (port 0 in tests). */
    private readonly address: { readonly publicUrl: string },
  ) {}

  /** The address participants open to join an edition. */
  joinUrl(slug: string): string {
    return `${this.address.publicUrl}/e/${slug}`;
  }

  /** Anyone: the join page's facts about an edition. */
  async editionPublic(slug: string): Promise<EditionPublic> {
    const edition = await this.store.getEditionBySlug(slug);
    if (!edition) throw new AppError('NOT_FOUND', 'edition not found');
    const { name, startDate, endDate, venue, timeZone } = edition;
    return { slug, name, startDate, endDate, venue, timeZone };
  }

  /** The slug of an edition the caller belongs to. */
  async editionSlugOf(editionId: string): Promise<string> {
    const edition = await this.store.getEdition(editionId);
    if (!edition) throw new AppError('NOT_FOUND', 'edition not found');
    return edition.slug;
  }

  /** Any role of this edition: the programme. */
  async programme(principal: Principal, slug: string): Promise<Programme> {
    const edition = await this.store.getEditionBySlug(slug);
    if (!edition || edition.id !== principal.editionId) throw new AppError('NOT_FOUND', 'edition not found');
    return {
      edition: await this.editionPublic(slug),
      joinUrl: this.joinUrl(slug),
      projector: edition.projector ?? defaultProjectorLook,
      sessions: await this.store.listSessions(edition.id),
    };
  }
}
