import { z } from 'zod';
import { AppErrorBody } from '../errors.ts';
import { Id, Timestamp } from './common.ts';

/** Lengths of documents' and partners' fields. */
export const contentLimits = {
  titleMaxLength: 300,
  descriptionMaxLength: 4000,
  partnerNameMaxLength: 200,
  partnerDescriptionMaxLength: 2000,
  tierMaxLength: 100,
  standMaxLength: 200,
  /** Sessions, speakers or partners one document is attached to. */
  attachmentsMax: 50,
} as const;

/** What a document is: a PDF or a video file stored by the app, or a link elsewhere. */
export const DocumentKind = z.enum(['pdf', 'video', 'link']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** A language tag (`fr`, `en`, `pt-BR`). */
export const Language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language tag such as fr or en');

const WebUrl = z.url({ protocol: /^https?$/, error: 'an http(s) address' }).max(2000);

/** The file of a document or a partner's logo, as stored. */
export const StoredFileInfo = z.object({
  /** The file's name as served (cleaned, with the extension of its real type). */
  name: z.string(),
  /** The type read from the content. */
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  /** Changes with each replaced file: signed addresses name it, so an old one stops working. */
  version: z.number().int().positive(),
});
export type StoredFileInfo = z.infer<typeof StoredFileInfo>;

/** What a document is attached to: sessions (by id), speakers (by name, as the programme writes them), partners. */
export const Attachments = z.object({
  sessionIds: z.array(Id).max(contentLimits.attachmentsMax),
  speakers: z.array(z.string().trim().min(1).max(200)).max(contentLimits.attachmentsMax),
  partnerIds: z.array(Id).max(contentLimits.attachmentsMax),
});
export type Attachments = z.infer<typeof Attachments>;

/** A document as participants see it (hidden ones are never sent to them). */
export const DocumentView = Attachments.extend({
  id: Id,
  title: z.string(),
  description: z.string(),
  language: Language,
  kind: DocumentKind,
  /** The link of a `link` document; null for files (ask for a signed address). */
  url: z.string().nullable(),
  file: StoredFileInfo.nullable(),
  updatedAt: Timestamp,
});
export type DocumentView = z.infer<typeof DocumentView>;

/** A document as the organizer sees it. */
export const DocumentAdminView = DocumentView.extend({ hidden: z.boolean(), createdAt: Timestamp });
export type DocumentAdminView = z.infer<typeof DocumentAdminView>;

/** Body creating a link document (files are created by an upload). */
export const LinkDocumentInput = Attachments.partial().extend({
  title: z.string().trim().min(1).max(contentLimits.titleMaxLength),
  description: z.string().max(contentLimits.descriptionMaxLength).default(''),
  language: Language.default('fr'),
  url: WebUrl,
});
export type LinkDocumentInput = z.infer<typeof LinkDocumentInput>;

/** Body changing a document; every field optional. `url` only for a link. */
export const DocumentPatch = Attachments.partial().extend({
  title: z.string().trim().min(1).max(contentLimits.titleMaxLength).optional(),
  description: z.string().max(contentLimits.descriptionMaxLength).optional(),
  language: Language.optional(),
  url: WebUrl.optional(),
  hidden: z.boolean().optional(),
});
export type DocumentPatch = z.infer<typeof DocumentPatch>;

/** The form fields sent with an upload of several files (each file becomes a document with these). */
export const UploadFields = Attachments.partial().extend({
  language: Language.default('fr'),
  description: z.string().max(contentLimits.descriptionMaxLength).default(''),
});
export type UploadFields = z.infer<typeof UploadFields>;

/** The answer of an upload: one result per file, in the order sent; a bad file stores nothing. */
export const UploadReport = z.object({
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), name: z.string(), document: DocumentAdminView }),
      z.object({ ok: z.literal(false), name: z.string(), error: AppErrorBody }),
    ]),
  ),
});
export type UploadReport = z.infer<typeof UploadReport>;

/** A short-lived signed address of a file. */
export const FileLink = z.object({ url: z.string(), expiresAt: Timestamp });
export type FileLink = z.infer<typeof FileLink>;

// ---------- partners ----------

/** A partner of the edition, as participants see it. */
export const PartnerView = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  website: z.string().nullable(),
  /** Category or tier (« Partenaire principal », « Exposant »…), as the organizer writes it. */
  tier: z.string(),
  /** Where the stand is at the venue. */
  stand: z.string(),
  order: z.number().int(),
  logo: StoredFileInfo.nullable(),
  /** A signed address of the logo (short-lived, like every file's); null without a logo. */
  logoUrl: z.string().nullable(),
});
export type PartnerView = z.infer<typeof PartnerView>;

/** Body creating a partner. */
export const PartnerInput = z.object({
  name: z.string().trim().min(1).max(contentLimits.partnerNameMaxLength),
  description: z.string().max(contentLimits.partnerDescriptionMaxLength).default(''),
  website: WebUrl.nullable().default(null),
  tier: z.string().trim().max(contentLimits.tierMaxLength).default(''),
  stand: z.string().trim().max(contentLimits.standMaxLength).default(''),
  order: z.number().int().min(0).max(10_000).default(0),
});
export type PartnerInput = z.infer<typeof PartnerInput>;

/** Body changing a partner. */
export const PartnerPatch = z.object({
  name: z.string().trim().min(1).max(contentLimits.partnerNameMaxLength).optional(),
  description: z.string().max(contentLimits.partnerDescriptionMaxLength).optional(),
  website: WebUrl.nullable().optional(),
  tier: z.string().trim().max(contentLimits.tierMaxLength).optional(),
  stand: z.string().trim().max(contentLimits.standMaxLength).optional(),
  order: z.number().int().min(0).max(10_000).optional(),
});
export type PartnerPatch = z.infer<typeof PartnerPatch>;

/** Body of a participant leaving their contact to a partner: consent must be given explicitly. */
export const ContactConsent = z.object({
  consent: z.literal(true, { error: 'tick the consent box to leave your contact' }),
  message: z.string().trim().max(500).default(''),
});
export type ContactConsent = z.infer<typeof ContactConsent>;

/** What a participant reads: the edition's documents and partners, and the partners they left their contact to. */
export const EditionContent = z.object({
  documents: z.array(DocumentView),
  partners: z.array(PartnerView),
  myContacts: z.array(Id),
  /** The last instant documents may be read (the end of the replay window). */
  availableUntil: Timestamp,
});
export type EditionContent = z.infer<typeof EditionContent>;

/** Per partner, what the edition's participants did: counts only, never names (the contacts are exported apart, with consent). */
export const PartnerReport = z.object({
  partners: z.array(
    z.object({
      id: Id,
      name: z.string(),
      tier: z.string(),
      /** Times a participant opened the partner's page. */
      visits: z.number().int().nonnegative(),
      /** Contacts left with consent (and not withdrawn). */
      contacts: z.number().int().nonnegative(),
      documents: z.array(
        z.object({
          id: Id,
          title: z.string(),
          /** Times the document was opened in the app, and saved. */
          views: z.number().int().nonnegative(),
          downloads: z.number().int().nonnegative(),
        }),
      ),
    }),
  ),
});
export type PartnerReport = z.infer<typeof PartnerReport>;
