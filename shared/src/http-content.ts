import { z } from 'zod';
import { AsRoleQuery, EditionParams } from './http.ts';
import { CsvText } from './http-organizer.ts';
import { Id } from './schemas/common.ts';
import {
  ContactConsent,
  DocumentAdminView,
  DocumentPatch,
  EditionContent,
  FileLink,
  LinkDocumentInput,
  PartnerInput,
  PartnerPatch,
  PartnerReport,
  PartnerView,
  UploadReport,
} from './schemas/documents.ts';
import { FormatQuery, ImportReport } from './schemas/organizer.ts';

/** Path parameters naming a document or a partner of an edition. */
export const ContentParams = EditionParams.extend({ id: Id });

/**
 * A signed file address's path: what it opens (a document's file, a partner's logo, a session's
 * replay video, by session id), at which file version (the name is for the browser).
 */
export const FileParams = z.object({
  kind: z.enum(['document', 'logo', 'replay']),
  id: Id,
  version: z.coerce.number().int().positive(),
  name: z.string().max(400),
});

/** A signed file address's query: its expiry (ms), its signature, and whether to save rather than show. */
export const FileQuery = z.object({
  exp: z.coerce.number().int().nonnegative(),
  sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  download: z.enum(['1']).optional(),
});

/** Query of a link: `?download=1` names the file as an attachment (saved, not shown). */
export const LinkQuery = AsRoleQuery.extend({ download: z.enum(['1']).optional() });

const Ok = z.object({ ok: z.literal(true) });
const Deleted = z.object({ deleted: z.literal(true) });

/**
 * Documents and partners for participants. Authenticated like `httpRoutes` (the role's cookie
 * chosen by `?as=`, or a bearer token); a registrant of another edition gets FORBIDDEN, anyone
 * before the edition's first day NOT_YET_AVAILABLE, after its replay date NO_LONGER_AVAILABLE.
 */
export const contentRoutes = {
  /** Registrants of the edition (participants, moderators): its visible documents, its partners, my contacts. */
  editionContent: {
    method: 'GET',
    path: '/api/editions/:slug/content',
    params: EditionParams,
    query: AsRoleQuery,
    response: EditionContent,
  },
  /** Registrants of the edition: a short-lived signed address of a document's file. */
  documentLink: {
    method: 'GET',
    path: '/api/editions/:slug/documents/:id/link',
    params: ContentParams,
    query: LinkQuery,
    response: FileLink,
  },
  /** Participants of the edition: leave my contact to a partner (`consent: true` required). */
  leaveContact: {
    method: 'PUT',
    path: '/api/editions/:slug/partners/:id/contact',
    params: ContentParams,
    query: AsRoleQuery,
    body: ContactConsent,
    response: Ok,
  },
  /** Registrants of the edition: I opened this partner's page (counted, no name kept). */
  partnerVisit: {
    method: 'POST',
    path: '/api/editions/:slug/partners/:id/visit',
    params: ContentParams,
    query: AsRoleQuery,
    response: Ok,
  },
  /** Participants of the edition: withdraw my contact (consent revoked). */
  withdrawContact: {
    method: 'DELETE',
    path: '/api/editions/:slug/partners/:id/contact',
    params: ContentParams,
    query: AsRoleQuery,
    response: Ok,
  },
  /**
   * Anyone with a signed address, until it expires: the file (a PDF, a video, a logo), with range
   * requests (206), `Content-Disposition`, `X-Content-Type-Options: nosniff` and the type read
   * from its content. Altered or guessed: NOT_FOUND; expired: LINK_EXPIRED.
   */
  file: {
    method: 'GET',
    path: '/api/files/:kind/:id/:version/:name',
    params: FileParams,
    query: FileQuery,
    response: z.unknown().describe('the file’s bytes'),
  },
} as const;

const base = '/api/organizer/editions/:slug';

/** The organizer's documents and partners (organizer token, as every `organizerRoutes` route). */
export const contentOrganizerRoutes = {
  /** Organizer: every document of the edition, hidden ones too. */
  listDocuments: {
    method: 'GET',
    path: `${base}/documents`,
    params: EditionParams,
    response: z.object({ documents: z.array(DocumentAdminView) }),
  },
  /**
   * Organizer, multipart/form-data: several files at once, each becoming a document. An optional
   * `meta` field before the files holds `UploadFields` as JSON (sessions, speakers, partners,
   * language). Each file's type is read from its bytes (PDF, MP4, WebM); one result per file.
   */
  uploadDocuments: {
    method: 'POST',
    path: `${base}/documents/upload`,
    params: EditionParams,
    response: UploadReport,
  },
  /** Organizer: a document that is a link elsewhere. */
  createLinkDocument: {
    method: 'POST',
    path: `${base}/documents`,
    params: EditionParams,
    body: LinkDocumentInput,
    response: DocumentAdminView,
  },
  /** Organizer: changes a document (title, description, language, attachments, hidden, a link's address). */
  updateDocument: {
    method: 'PATCH',
    path: `${base}/documents/:id`,
    params: ContentParams,
    body: DocumentPatch,
    response: DocumentAdminView,
  },
  /** Organizer, multipart/form-data (one file): replaces a document's file, keeping its address. */
  replaceDocumentFile: {
    method: 'PUT',
    path: `${base}/documents/:id/file`,
    params: ContentParams,
    response: DocumentAdminView,
  },
  /** Organizer: deletes a document and its file. */
  deleteDocument: {
    method: 'DELETE',
    path: `${base}/documents/:id`,
    params: ContentParams,
    response: Deleted,
  },

  /** Organizer: the partners of the edition. */
  listPartners: {
    method: 'GET',
    path: `${base}/partners`,
    params: EditionParams,
    response: z.object({ partners: z.array(PartnerView) }),
  },
  /** Organizer: adds a partner. */
  createPartner: {
    method: 'POST',
    path: `${base}/partners`,
    params: EditionParams,
    body: PartnerInput,
    response: PartnerView,
  },
  /** Organizer: changes a partner. */
  updatePartner: {
    method: 'PATCH',
    path: `${base}/partners/:id`,
    params: ContentParams,
    body: PartnerPatch,
    response: PartnerView,
  },
  /** Organizer: removes a partner, its logo and the contacts left to it. */
  deletePartner: { method: 'DELETE', path: `${base}/partners/:id`, params: ContentParams, response: Deleted },
  /** Organizer, multipart/form-data (one image: PNG, JPEG, WebP or GIF): a partner's logo. */
  setPartnerLogo: {
    method: 'PUT',
    path: `${base}/partners/:id/logo`,
    params: ContentParams,
    response: PartnerView,
  },
  /**
   * Organizer, CSV (columns nom;description;site web;catégorie;stand;ordre, English headers too):
   * imports partners; a name matching a partner updates it. Bad rows reported, good ones applied.
   */
  importPartners: {
    method: 'POST',
    path: `${base}/partners/import`,
    params: EditionParams,
    body: CsvText,
    response: ImportReport,
  },
  /**
   * Organizer, CSV with `?format=csv`: per partner, page visits, contacts left and each document's
   * views and downloads (counts, no names), the report sent to sponsors after the event.
   */
  partnerReport: {
    method: 'GET',
    path: `${base}/partners/report`,
    params: EditionParams,
    query: FormatQuery,
    response: PartnerReport,
  },
  /** Organizer, CSV with `?format=csv`: the contacts participants left to one partner, with consent. */
  partnerContacts: {
    method: 'GET',
    path: `${base}/partners/:id/contacts`,
    params: ContentParams,
    query: FormatQuery,
    response: z.object({
      contacts: z.array(
        z.object({
          name: z.string(),
          email: z.string(),
          organisation: z.string(),
          message: z.string(),
          at: z.number(),
        }),
      ),
    }),
  },
} as const;
