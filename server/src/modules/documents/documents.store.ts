import type { DocumentKind, StoredFileInfo } from '@agora/shared';

/** A stored file of a record: what the file store keeps under `key`, and what participants see of it. */
export interface FileRef extends StoredFileInfo {
  key: string;
}

/** A document as stored. `rev` counts its writes: each write names the one it read (compare-and-set). */
export interface DocumentRecord {
  id: string;
  editionId: string;
  rev: number;
  title: string;
  description: string;
  language: string;
  kind: DocumentKind;
  url: string | null;
  file: FileRef | null;
  sessionIds: string[];
  speakers: string[];
  partnerIds: string[];
  hidden: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A partner of an edition as stored. */
export interface PartnerRecord {
  id: string;
  editionId: string;
  rev: number;
  name: string;
  description: string;
  website: string | null;
  tier: string;
  stand: string;
  order: number;
  logo: FileRef | null;
  createdAt: number;
  updatedAt: number;
}

/** A participant's contact left to a partner, with their consent (withdrawn by deleting it). */
export interface ContactRecord {
  partnerId: string;
  editionId: string;
  participantId: string;
  name: string;
  email: string;
  organisation: string;
  message: string;
  at: number;
}

/**
 * The documents module's storage: documents, partners and the contacts left to partners. The
 * rules (documents.rules.ts) decide every change; a store applies it, refusing with CONFLICT a
 * write whose `expectedRev` is not the stored record's (0: the record must not exist yet), and
 * with NOT_FOUND one for an edition or partner that does not exist.
 */
export interface ContentStore {
  /** Writes `document` (its `rev` must be `expectedRev + 1`) and returns it. */
  putDocument(document: DocumentRecord, expectedRev: number): Promise<DocumentRecord>;
  getDocument(id: string): Promise<DocumentRecord | null>;
  /** The edition's documents, by creation time. */
  listDocuments(editionId: string): Promise<DocumentRecord[]>;
  /** Removes a document; returns what it was (null if there was none). */
  deleteDocument(id: string): Promise<DocumentRecord | null>;

  putPartner(partner: PartnerRecord, expectedRev: number): Promise<PartnerRecord>;
  getPartner(id: string): Promise<PartnerRecord | null>;
  /** The edition's partners, by `order` then name. */
  listPartners(editionId: string): Promise<PartnerRecord[]>;
  /** Removes a partner and the contacts left to it; returns what it was. */
  deletePartner(id: string): Promise<PartnerRecord | null>;

  /** Records (or replaces) a participant's contact to a partner; NOT_FOUND without the partner. */
  putContact(contact: ContactRecord): Promise<void>;
  /** Withdraws it; returns whether there was one. */
  deleteContact(partnerId: string, participantId: string): Promise<boolean>;
  /** The contacts left to a partner, by time. */
  listContacts(partnerId: string): Promise<ContactRecord[]>;
  /** The partners a participant left their contact to. */
  listMyContacts(editionId: string, participantId: string): Promise<string[]>;
  /** Erasure: every contact a participant left in an edition goes; returns how many. */
  eraseContacts(editionId: string, participantId: string): Promise<number>;

  /** Adds one to a counter of the edition (`document:<id>:view`, `partner:<id>:visit`…): counts, no names. */
  count(editionId: string, counter: string): Promise<void>;
  /** The edition's counters. */
  counts(editionId: string): Promise<Record<string, number>>;
}

const byOrder = (a: PartnerRecord, b: PartnerRecord) => a.order - b.order || a.name.localeCompare(b.name);
const byCreation = (a: DocumentRecord, b: DocumentRecord) =>
  a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** The orders both stores list in. */
export const contentOrder = { partners: byOrder, documents: byCreation } as const;
