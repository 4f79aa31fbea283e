import {
  AppError,
  contentAccess,
  contentWindow,
  type DocumentAdminView,
  type DocumentKind,
  type DocumentPatch,
  type DocumentView,
  type Edition,
} from '@agora/shared';
import type { Principal } from '../identity/principal.ts';
import type { DocumentRecord, FileRef } from './documents.store.ts';

/** Every refusal of the documents module: its texts live here only (both stores use them). */
export const contentRefusals = {
  notFound: (what: string) => new AppError('NOT_FOUND', `${what} not found`),
  stale: (what: string) =>
    new AppError('CONFLICT', `this ${what} was changed meanwhile; reload it and try again`),
  notReader: () =>
    new AppError('FORBIDDEN', 'documents and partners are for the registrants of this edition'),
  notYet: (at: number) =>
    new AppError('NOT_YET_AVAILABLE', 'the documents of this edition open on its first day', { at }),
  ended: (at: number) =>
    new AppError(
      'NO_LONGER_AVAILABLE',
      'the replay period of this edition has ended: its documents are no longer available',
      {
        at,
      },
    ),
  linkExpired: () =>
    new AppError('LINK_EXPIRED', 'this link has expired; open the document again for a new one'),
  urlOnFile: () =>
    new AppError('INVALID_PAYLOAD', 'only a link document has an address; replace the file instead'),
  fileOnLink: () => new AppError('INVALID_PAYLOAD', 'a link document has no file to replace'),
  empty: () => new AppError('FILE_EMPTY', 'the file is empty'),
  tooLarge: (maxBytes: number) =>
    new AppError('FILE_TOO_LARGE', `the file is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB`, {
      maxBytes,
    }),
  typeRefused: (purpose: UploadPurpose, found: string | null) =>
    new AppError(
      'FILE_TYPE_REFUSED',
      {
        logo: 'a logo must be a PNG, JPEG, WebP or GIF image',
        document: 'a document must be a PDF, or an MP4 or WebM video',
        replay: 'a replay must be an MP4 or WebM video',
      }[purpose],
      { found: found ?? 'unknown' },
    ),
  unknownAttachment: (what: 'session' | 'partner', ids: string[]) =>
    new AppError('INVALID_PAYLOAD', `no such ${what} in this edition: ${ids.join(', ')}`, { [what]: ids }),
  noFile: () => new AppError('INVALID_PAYLOAD', 'send the file as multipart/form-data'),
} as const;

/**
 * Who may read an edition's documents and partners, and when: a participant or moderator of that
 * edition (the caller authenticated them: a valid token of a code not revoked), within the
 * edition's content window (shared/src/rules/replay-window.ts, which the replay reads too).
 * Returns the end of the window.
 */
export function checkReader(principal: Principal, edition: Edition, now: number): number {
  if (principal.editionId !== edition.id || principal.role === 'projector') throw contentRefusals.notReader();
  return checkWindow(edition, now);
}

/** The window alone: for a signed address, whose holder was checked when it was issued. */
export function checkWindow(edition: Edition, now: number): number {
  const access = contentAccess(contentWindow(edition), now);
  if (access.open) return access.endsAt;
  throw access.refusal === 'NOT_YET_AVAILABLE'
    ? contentRefusals.notYet(access.at)
    : contentRefusals.ended(access.at);
}

/** The names of the edition's counters (counts, never names of people): one place for both writer and report. */
export const counters = {
  document: (id: string, event: 'view' | 'download') => `document:${id}:${event}`,
  partnerVisit: (id: string) => `partner:${id}:visit`,
} as const;

/** What an upload is for: a document's file, a partner's logo, or a session's replay video. */
export type UploadPurpose = 'document' | 'logo' | 'replay';

/** A type read from a file's content that an upload accepts. */
export interface AcceptedType {
  mime: string;
  ext: string;
  /** For a document: what it becomes. */
  kind: Exclude<DocumentKind, 'link'>;
}

const VIDEO_TYPES: Record<string, AcceptedType> = {
  'video/mp4': { mime: 'video/mp4', ext: 'mp4', kind: 'video' },
  'video/webm': { mime: 'video/webm', ext: 'webm', kind: 'video' },
};
const DOCUMENT_TYPES: Record<string, AcceptedType> = {
  'application/pdf': { mime: 'application/pdf', ext: 'pdf', kind: 'pdf' },
  ...VIDEO_TYPES,
};
// Raster images only: an SVG is a document that runs scripts, and has no magic bytes to check.
const LOGO_TYPES: Record<string, AcceptedType> = {
  'image/png': { mime: 'image/png', ext: 'png', kind: 'pdf' },
  'image/jpeg': { mime: 'image/jpeg', ext: 'jpg', kind: 'pdf' },
  'image/webp': { mime: 'image/webp', ext: 'webp', kind: 'pdf' },
  'image/gif': { mime: 'image/gif', ext: 'gif', kind: 'pdf' },
};

/** The type an upload is stored as, from the type its bytes show (null: none recognised); refused otherwise. */
export function acceptType(purpose: UploadPurpose, detected: string | null): AcceptedType {
  const types = { logo: LOGO_TYPES, document: DOCUMENT_TYPES, replay: VIDEO_TYPES }[purpose];
  const accepted = detected ? types[detected] : undefined;
  if (!accepted) throw contentRefusals.typeRefused(purpose, detected);
  return accepted;
}

/** A document after an organizer's change; the rules refuse an address on a file document. */
export function patchDocument(document: DocumentRecord, patch: DocumentPatch, now: number): DocumentRecord {
  if (patch.url !== undefined && document.kind !== 'link') throw contentRefusals.urlOnFile();
  const { title, description, language, url, hidden, sessionIds, speakers, partnerIds } = patch;
  return {
    ...document,
    rev: document.rev + 1,
    title: title ?? document.title,
    description: description ?? document.description,
    language: language ?? document.language,
    url: url ?? document.url,
    hidden: hidden ?? document.hidden,
    sessionIds: sessionIds ?? document.sessionIds,
    speakers: speakers ?? document.speakers,
    partnerIds: partnerIds ?? document.partnerIds,
    updatedAt: now,
  };
}

/** A document with a new file: its address stays, its version moves on (old signed links stop). */
export function replaceFile(
  document: DocumentRecord,
  file: FileRef,
  kind: AcceptedType['kind'],
  now: number,
): DocumentRecord {
  if (document.kind === 'link' || !document.file) throw contentRefusals.fileOnLink();
  return { ...document, rev: document.rev + 1, kind, file, updatedAt: now };
}

/** The file key of a document's version, a partner's logo version or a session's replay video version. */
export function fileKey(purpose: UploadPurpose, editionId: string, id: string, version: number): string {
  return `${{ logo: 'logos', document: 'documents', replay: 'replays' }[purpose]}/${editionId}/${id}/v${version}`;
}

const fileInfo = (file: FileRef | null) =>
  file ? { name: file.name, contentType: file.contentType, size: file.size, version: file.version } : null;

/** A document as participants see it; hidden ones never reach them. */
export function documentView(d: DocumentRecord): DocumentView {
  return {
    id: d.id,
    title: d.title,
    description: d.description,
    language: d.language,
    kind: d.kind,
    url: d.url,
    file: fileInfo(d.file),
    sessionIds: d.sessionIds,
    speakers: d.speakers,
    partnerIds: d.partnerIds,
    updatedAt: d.updatedAt,
  };
}

export function documentAdminView(d: DocumentRecord): DocumentAdminView {
  return { ...documentView(d), hidden: d.hidden, createdAt: d.createdAt };
}

export { fileInfo };
