import {
  AppError,
  type ContactConsent,
  type ImportReport,
  type PartnerInput,
  type PartnerPatch,
  type PartnerReport,
  type PartnerView,
} from '@agora/shared';
import { newId } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import { writeCsv } from '../organizer/csv.ts';
import { editionOf } from '../organizer/organizer.deps.ts';
import { checkReader, contentRefusals, counters, fileKey } from './documents.rules.ts';
import type { ContactRecord, PartnerRecord } from './documents.store.ts';
import type { ContentDeps } from './documents.service.ts';
import { readPartners } from './partner-rows.ts';
import { partnerView, patchPartner, samePartner, withLogo } from './partners.rules.ts';
import { storeUpload, type UploadPart } from './store-upload.ts';

/**
 * The partners' village: the organizer keeps the partners (by hand or from a CSV file) and their
 * logos; a participant may leave their contact to a partner, with explicit consent, and withdraw
 * it; the organizer exports a partner's contacts to hand them to that partner only.
 */
export class PartnersService {
  constructor(private readonly deps: ContentDeps) {}

  private get content() {
    return this.deps.store.content;
  }

  private async partnerOf(editionId: string, id: string): Promise<PartnerRecord> {
    const partner = await this.content.getPartner(id);
    if (!partner || partner.editionId !== editionId) throw contentRefusals.notFound('partner');
    return partner;
  }

  private view(partner: PartnerRecord): PartnerView {
    const logo = partner.logo;
    const url = logo
      ? this.deps.links.link(
          { kind: 'logo', id: partner.id, version: logo.version },
          logo.name,
          this.deps.clock.now(),
        ).url
      : null;
    return partnerView(partner, url);
  }

  /** Organizer: the edition's partners, by order. */
  async list(slug: string): Promise<PartnerView[]> {
    const edition = await editionOf(this.deps.store.program, slug);
    return (await this.content.listPartners(edition.id)).map((p) => this.view(p));
  }

  private record(editionId: string, input: PartnerInput, now: number): PartnerRecord {
    return { id: newId(), editionId, rev: 1, ...input, logo: null, createdAt: now, updatedAt: now };
  }

  /** Organizer: adds a partner. */
  async create(slug: string, input: PartnerInput): Promise<PartnerView> {
    const edition = await editionOf(this.deps.store.program, slug);
    return this.view(await this.content.putPartner(this.record(edition.id, input, this.deps.clock.now()), 0));
  }

  /** Organizer: changes a partner. */
  async update(slug: string, id: string, patch: PartnerPatch): Promise<PartnerView> {
    const edition = await editionOf(this.deps.store.program, slug);
    const partner = await this.partnerOf(edition.id, id);
    return this.view(
      await this.content.putPartner(patchPartner(partner, patch, this.deps.clock.now()), partner.rev),
    );
  }

  /** Organizer: removes a partner, its logo and the contacts left to it. */
  async remove(slug: string, id: string): Promise<{ deleted: true }> {
    const edition = await editionOf(this.deps.store.program, slug);
    await this.partnerOf(edition.id, id);
    const removed = await this.content.deletePartner(id);
    if (removed?.logo) await this.deps.files.delete(removed.logo.key).catch(() => undefined);
    return { deleted: true };
  }

  /** Organizer: a partner's logo (PNG, JPEG, WebP or GIF, read from its bytes). */
  async setLogo(slug: string, id: string, part: UploadPart): Promise<PartnerView> {
    const edition = await editionOf(this.deps.store.program, slug);
    const partner = await this.partnerOf(edition.id, id);
    const version = (partner.logo?.version ?? 0) + 1;
    const stored = await storeUpload(
      this.deps,
      part,
      'logo',
      fileKey('logo', edition.id, id, version),
      version,
    );
    try {
      const written = await this.content.putPartner(
        withLogo(partner, stored.file, this.deps.clock.now()),
        partner.rev,
      );
      if (partner.logo) await this.deps.files.delete(partner.logo.key).catch(() => undefined);
      return this.view(written);
    } catch (error) {
      await this.deps.files.delete(stored.file.key).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Organizer, CSV: imports partners. A row whose name matches a partner (case-insensitive)
   * updates it; others are added; bad rows are reported, good ones applied.
   */
  async importCsv(slug: string, text: string): Promise<ImportReport> {
    const edition = await editionOf(this.deps.store.program, slug);
    const { rows, errors, read } = readPartners(text);
    const byName = new Map(
      (await this.content.listPartners(edition.id)).map((p) => [p.name.toLowerCase(), p]),
    );
    const report: ImportReport = { rows: read, created: 0, updated: 0, unchanged: 0, errors };
    const now = this.deps.clock.now();
    for (const { input } of rows) {
      const existing = byName.get(input.name.toLowerCase());
      if (!existing) {
        await this.content.putPartner(this.record(edition.id, input, now), 0);
        report.created += 1;
        continue;
      }
      const next = patchPartner(existing, input, now);
      if (samePartner(existing, next)) report.unchanged += 1;
      else {
        await this.content.putPartner(next, existing.rev);
        report.updated += 1;
      }
    }
    return report;
  }

  /** A participant of the edition, within its window: leaves their contact to a partner (consent given). */
  async leaveContact(
    principal: Principal,
    slug: string,
    partnerId: string,
    consent: ContactConsent,
  ): Promise<{ ok: true }> {
    const edition = await editionOf(this.deps.store.program, slug);
    checkReader(principal, edition, this.deps.clock.now());
    if (principal.role !== 'participant')
      throw new AppError('FORBIDDEN', 'only participants leave their contact to partners');
    await this.partnerOf(edition.id, partnerId);
    const record = await this.deps.store.identity.getPrincipal('participant', principal.id);
    if (record?.role !== 'participant') throw contentRefusals.notReader();
    await this.content.putContact({
      partnerId,
      editionId: edition.id,
      participantId: record.id,
      name: record.name,
      email: record.email,
      organisation: record.organisation,
      message: consent.message,
      at: this.deps.clock.now(),
    });
    return { ok: true };
  }

  /** Registrants of the edition, within its window: one visit of a partner's page (a count, no name). */
  async visit(principal: Principal, slug: string, partnerId: string): Promise<{ ok: true }> {
    const edition = await editionOf(this.deps.store.program, slug);
    checkReader(principal, edition, this.deps.clock.now());
    await this.partnerOf(edition.id, partnerId);
    await this.content.count(edition.id, counters.partnerVisit(partnerId));
    return { ok: true };
  }

  /** Organizer: per partner, its page visits, contacts left, and its documents' views and downloads. */
  async report(slug: string): Promise<PartnerReport> {
    const edition = await editionOf(this.deps.store.program, slug);
    const [partners, documents, counts] = await Promise.all([
      this.content.listPartners(edition.id),
      this.content.listDocuments(edition.id),
      this.content.counts(edition.id),
    ]);
    const count = (name: string) => counts[name] ?? 0;
    const rows: PartnerReport['partners'] = [];
    for (const p of partners) {
      rows.push({
        id: p.id,
        name: p.name,
        tier: p.tier,
        visits: count(counters.partnerVisit(p.id)),
        contacts: (await this.content.listContacts(p.id)).length,
        documents: documents
          .filter((d) => d.partnerIds.includes(p.id))
          .map((d) => ({
            id: d.id,
            title: d.title,
            views: count(counters.document(d.id, 'view')),
            downloads: count(counters.document(d.id, 'download')),
          })),
      });
    }
    return { partners: rows };
  }

  /** The report as CSV for French spreadsheets: one line per partner and document. */
  reportCsv(report: PartnerReport): string {
    return writeCsv(
      [
        'partenaire',
        'catégorie',
        'visites de la page',
        'contacts laissés',
        'document',
        'ouvertures',
        'téléchargements',
      ],
      report.partners.flatMap((p) =>
        (p.documents.length > 0 ? p.documents : [null]).map((d) => [
          p.name,
          p.tier,
          p.visits,
          p.contacts,
          d?.title ?? '',
          d?.views ?? '',
          d?.downloads ?? '',
        ]),
      ),
    );
  }

  /** The participant who left it: withdraws their contact (consent revoked); the partner's export no longer has it. */
  async withdrawContact(principal: Principal, slug: string, partnerId: string): Promise<{ ok: true }> {
    const edition = await editionOf(this.deps.store.program, slug);
    if (principal.editionId !== edition.id) throw contentRefusals.notReader();
    await this.content.deleteContact(partnerId, principal.id);
    return { ok: true };
  }

  /** Organizer: the contacts left to one partner, as CSV for French spreadsheets (to send to that partner only). */
  async contacts(
    slug: string,
    partnerId: string,
  ): Promise<{ filename: string; csv: string; contacts: ContactRecord[] }> {
    const edition = await editionOf(this.deps.store.program, slug);
    const partner = await this.partnerOf(edition.id, partnerId);
    const contacts = await this.content.listContacts(partnerId);
    const csv = writeCsv(
      ['nom', 'email', 'organisation', 'message', 'date'],
      contacts.map((c) => [c.name, c.email, c.organisation, c.message, new Date(c.at).toISOString()]),
    );
    const safe = partner.name
      .normalize('NFD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
    return { filename: `contacts-${slug}-${safe || partner.id}.csv`, csv, contacts };
  }
}
