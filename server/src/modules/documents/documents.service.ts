import { pipeline, type Readable } from 'node:stream';
import {
  AppError,
  type AppErrorBody,
  type Attachments,
  type DocumentAdminView,
  type DocumentPatch,
  type EditionContent,
  type FileLink,
  type LinkDocumentInput,
  type UploadFields,
  type UploadReport,
} from '@agora/shared';
import { newId, type Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import { editionOf } from '../organizer/organizer.deps.ts';
import type { StoreParts } from '../store-parts.ts';
import { parseRange } from './byte-range.ts';
import {
  checkReader,
  counters,
  checkWindow,
  contentRefusals,
  documentAdminView,
  documentView,
  fileKey,
  patchDocument,
  replaceFile,
} from './documents.rules.ts';
import type { ContentStore, DocumentRecord, FileRef, PartnerRecord } from './documents.store.ts';
import { contentDisposition, titleOfFileName } from './file-names.ts';
import type { FileLinks, LinkSubject } from './file-links.ts';
import type { ByteRange, FileStore } from './file-store.ts';
import type { Pacer } from './pacer.ts';
import { partnerView } from './partners.rules.ts';
import { storeUpload, type UploadPart } from './store-upload.ts';

export type ContentDeps = {
  store: Pick<StoreParts, 'program' | 'identity' | 'content'>;
  files: FileStore;
  links: FileLinks;
  clock: Clock;
  /** Largest file accepted, in bytes. */
  maxUploadBytes: number;
  logger: { warn(details: object, message: string): void };
  /** The node's bytes-per-second budget for serving files. */
  pacer: Pacer;
  /**
   * A session's replay video at a version, if it may be served now (the watch module decides);
   * signed `replay` addresses are served here with every other file.
   */
  replayFile?: (sessionId: string, version: number, now: number) => Promise<FileRef>;
};

type UploadResult = UploadReport['results'][number];

/** A file answered to a signed address: what the transport sends (status, headers, bytes). */
export interface ServedFile {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  body: Readable | null;
}

/**
 * Documents: the organizer uploads, describes, replaces, hides and deletes them; registrants of
 * the edition list them and open their files through short-lived signed addresses, within the
 * edition's content window. Files stream from the upload to the file store and from it to the
 * reader; a refused upload stores nothing.
 */
export class DocumentsService {
  constructor(private readonly deps: ContentDeps) {}

  private get content(): ContentStore {
    return this.deps.store.content;
  }

  private async documentOf(editionId: string, id: string): Promise<DocumentRecord> {
    const document = await this.content.getDocument(id);
    if (!document || document.editionId !== editionId) throw contentRefusals.notFound('document');
    return document;
  }

  /** Sessions and partners named must be the edition's own. */
  private async checkAttachments(editionId: string, attachments: Partial<Attachments>): Promise<void> {
    if (attachments.sessionIds?.length) {
      const known = new Set((await this.deps.store.program.listSessions(editionId)).map((s) => s.id));
      const unknown = attachments.sessionIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw contentRefusals.unknownAttachment('session', unknown);
    }
    if (attachments.partnerIds?.length) {
      const known = new Set((await this.content.listPartners(editionId)).map((p) => p.id));
      const unknown = attachments.partnerIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw contentRefusals.unknownAttachment('partner', unknown);
    }
  }

  // --- organizer ---

  /** Organizer: every document of the edition, hidden ones too. */
  async list(slug: string): Promise<DocumentAdminView[]> {
    const edition = await editionOf(this.deps.store.program, slug);
    return (await this.content.listDocuments(edition.id)).map(documentAdminView);
  }

  /** Organizer: checks the fields sent with an upload before any file is read. */
  async uploadTarget(
    slug: string,
    fields: UploadFields,
  ): Promise<{ editionId: string; fields: UploadFields }> {
    const edition = await editionOf(this.deps.store.program, slug);
    await this.checkAttachments(edition.id, fields);
    return { editionId: edition.id, fields };
  }

  /** Organizer: one file of an upload becomes a document; a refusal is this file's result, and stores nothing. */
  async upload(target: { editionId: string; fields: UploadFields }, part: UploadPart): Promise<UploadResult> {
    const id = newId();
    try {
      const stored = await storeUpload(
        this.deps,
        part,
        'document',
        fileKey('document', target.editionId, id, 1),
        1,
      );
      const now = this.deps.clock.now();
      const document: DocumentRecord = {
        id,
        editionId: target.editionId,
        rev: 1,
        title: titleOfFileName(stored.file.name).slice(0, 300) || stored.file.name,
        description: target.fields.description,
        language: target.fields.language,
        kind: stored.kind,
        url: null,
        file: stored.file,
        sessionIds: target.fields.sessionIds ?? [],
        speakers: target.fields.speakers ?? [],
        partnerIds: target.fields.partnerIds ?? [],
        hidden: false,
        createdAt: now,
        updatedAt: now,
      };
      const written = await this.commitWithFile(document, 0, stored.file);
      return { ok: true, name: part.filename, document: documentAdminView(written) };
    } catch (error) {
      return { ok: false, name: part.filename, error: this.refusal(error) };
    }
  }

  /** The record written, or the new file removed again: a file never outlives a refused write. */
  private async commitWithFile(
    document: DocumentRecord,
    expectedRev: number,
    file: FileRef,
  ): Promise<DocumentRecord> {
    try {
      return await this.content.putDocument(document, expectedRev);
    } catch (error) {
      await this.removeFile(file.key);
      throw error;
    }
  }

  private async removeFile(key: string): Promise<void> {
    await this.deps.files.delete(key).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, key }, 'a file could not be removed; it is left orphaned');
    });
  }

  private refusal(error: unknown): AppErrorBody {
    if (error instanceof AppError) return error.toBody();
    this.deps.logger.warn({ err: error }, 'an upload failed');
    return { code: 'INTERNAL' as const, message: 'the file could not be stored; try again' };
  }

  /** Organizer: a document that is a link elsewhere. */
  async createLink(slug: string, input: LinkDocumentInput): Promise<DocumentAdminView> {
    const edition = await editionOf(this.deps.store.program, slug);
    await this.checkAttachments(edition.id, input);
    const now = this.deps.clock.now();
    const document: DocumentRecord = {
      id: newId(),
      editionId: edition.id,
      rev: 1,
      title: input.title,
      description: input.description,
      language: input.language,
      kind: 'link',
      url: input.url,
      file: null,
      sessionIds: input.sessionIds ?? [],
      speakers: input.speakers ?? [],
      partnerIds: input.partnerIds ?? [],
      hidden: false,
      createdAt: now,
      updatedAt: now,
    };
    return documentAdminView(await this.content.putDocument(document, 0));
  }

  /** Organizer: changes a document's description, attachments or visibility. */
  async update(slug: string, id: string, patch: DocumentPatch): Promise<DocumentAdminView> {
    const edition = await editionOf(this.deps.store.program, slug);
    await this.checkAttachments(edition.id, patch);
    const document = await this.documentOf(edition.id, id);
    const next = patchDocument(document, patch, this.deps.clock.now());
    return documentAdminView(await this.content.putDocument(next, document.rev));
  }

  /** Organizer: a new file for a document, at the same address; the old file goes once the new one is recorded. */
  async replace(slug: string, id: string, part: UploadPart): Promise<DocumentAdminView> {
    const edition = await editionOf(this.deps.store.program, slug);
    const document = await this.documentOf(edition.id, id);
    if (!document.file) {
      part.file.resume();
      throw contentRefusals.fileOnLink();
    }
    const version = document.file.version + 1;
    const stored = await storeUpload(
      this.deps,
      part,
      'document',
      fileKey('document', edition.id, id, version),
      version,
    );
    const next = replaceFile(document, stored.file, stored.kind, this.deps.clock.now());
    const written = await this.commitWithFile(next, document.rev, stored.file);
    await this.removeFile(document.file.key);
    return documentAdminView(written);
  }

  /** Organizer: deletes a document and its file. */
  async remove(slug: string, id: string): Promise<{ deleted: true }> {
    const edition = await editionOf(this.deps.store.program, slug);
    await this.documentOf(edition.id, id);
    const removed = await this.content.deleteDocument(id);
    if (removed?.file) await this.removeFile(removed.file.key);
    return { deleted: true };
  }

  // --- participants ---

  /** Registrants of the edition, within its window: its visible documents and its partners. */
  async editionContent(principal: Principal, slug: string): Promise<EditionContent> {
    const edition = await editionOf(this.deps.store.program, slug);
    const now = this.deps.clock.now();
    const availableUntil = checkReader(principal, edition, now);
    const [documents, partners, myContacts] = await Promise.all([
      this.content.listDocuments(edition.id),
      this.content.listPartners(edition.id),
      principal.role === 'participant' ? this.content.listMyContacts(edition.id, principal.id) : [],
    ]);
    return {
      documents: documents.filter((d) => !d.hidden).map(documentView),
      partners: partners.map((p) => partnerView(p, this.logoLink(p, now))),
      myContacts,
      availableUntil,
    };
  }

  private logoLink(partner: PartnerRecord, now: number): string | null {
    return partner.logo
      ? this.deps.links.link(
          { kind: 'logo', id: partner.id, version: partner.logo.version },
          partner.logo.name,
          now,
        ).url
      : null;
  }

  /** Registrants of the edition, within its window: a signed address of a visible document's file. */
  async documentLink(principal: Principal, slug: string, id: string, download: boolean): Promise<FileLink> {
    const edition = await editionOf(this.deps.store.program, slug);
    const now = this.deps.clock.now();
    checkReader(principal, edition, now);
    const document = await this.documentOf(edition.id, id);
    if (document.hidden || !document.file) throw contentRefusals.notFound('document');
    const subject = { kind: 'document' as const, id, version: document.file.version };
    // Counted when opened from the app, not per range request: a video's seeks are one viewing.
    await this.content.count(edition.id, counters.document(id, download ? 'download' : 'view'));
    return this.deps.links.link(subject, document.file.name, now, download);
  }

  /**
   * Anyone holding a signed address, until it expires: the file, whole or the range asked for. A
   * document's file is refused once hidden, replaced (another version) or out of the window.
   */
  async serve(
    subject: LinkSubject,
    expiresAt: number,
    signature: string,
    options: { range?: string; download: boolean },
  ): Promise<ServedFile> {
    const now = this.deps.clock.now();
    this.deps.links.verify(subject, expiresAt, signature, now);
    const file = await this.fileOf(subject, now);
    const range = parseRange(options.range, file.size);
    const headers: Record<string, string> = {
      'content-type': file.contentType,
      'accept-ranges': 'bytes',
      'content-disposition': contentDisposition(file.name, options.download ? 'attachment' : 'inline'),
      'x-content-type-options': 'nosniff',
      // Personal and short-lived: no shared cache keeps it; the browser may, until the link expires.
      'cache-control': `private, max-age=${Math.max(0, Math.floor((expiresAt - now) / 1000))}`,
    };
    if (range === 'unsatisfiable') {
      return { status: 416, headers: { ...headers, 'content-range': `bytes */${file.size}` }, body: null };
    }
    // Destroying the paced stream (a reader gone) destroys the file's stream too, and the other way.
    const body = pipeline(
      await this.deps.files.get(file.key, range ?? undefined),
      this.deps.pacer.stream(),
      () => undefined,
    );
    return range
      ? { status: 206, headers: { ...headers, ...rangeHeaders(range, file.size) }, body }
      : { status: 200, headers: { ...headers, 'content-length': String(file.size) }, body };
  }

  private async fileOf(subject: LinkSubject, now: number): Promise<FileRef> {
    if (subject.kind === 'replay') {
      if (!this.deps.replayFile) throw contentRefusals.notFound('file');
      return this.deps.replayFile(subject.id, subject.version, now);
    }
    if (subject.kind === 'logo') {
      const partner = await this.content.getPartner(subject.id);
      if (!partner?.logo || partner.logo.version !== subject.version) throw contentRefusals.notFound('file');
      return partner.logo;
    }
    const document = await this.content.getDocument(subject.id);
    if (!document?.file || document.hidden || document.file.version !== subject.version) {
      throw contentRefusals.notFound('file');
    }
    const edition = await this.deps.store.program.getEdition(document.editionId);
    if (!edition) throw contentRefusals.notFound('file');
    checkWindow(edition, now);
    return document.file;
  }
}

function rangeHeaders(range: ByteRange, size: number): Record<string, string> {
  return {
    'content-range': `bytes ${range.start}-${range.end}/${size}`,
    'content-length': String(range.end - range.start + 1),
  };
}
