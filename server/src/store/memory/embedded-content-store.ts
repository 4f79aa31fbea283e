import type {
  ContactRecord,
  ContentStore,
  DocumentRecord,
  PartnerRecord,
} from '../../modules/documents/documents.store.ts';
import type { Journaled } from './journaled.ts';

const copy = <T>(value: T): T => structuredClone(value);

/** The documents part of the embedded store: reads from the state, writes through the journal. */
export class EmbeddedContentStore implements ContentStore {
  constructor(private readonly j: Journaled) {}

  private get content() {
    return this.j.state().content;
  }

  async putDocument(document: DocumentRecord, expectedRev: number): Promise<DocumentRecord> {
    return copy(
      await this.j.commit<DocumentRecord>({ t: 'content-doc-put', document: copy(document), expectedRev }),
    );
  }
  async getDocument(id: string): Promise<DocumentRecord | null> {
    const document = this.content.documents.get(id);
    return document ? copy(document) : null;
  }
  async listDocuments(editionId: string): Promise<DocumentRecord[]> {
    return copy(this.content.listDocuments(editionId));
  }
  deleteDocument(id: string): Promise<DocumentRecord | null> {
    return this.j.commit({ t: 'content-doc-del', id });
  }

  async putPartner(partner: PartnerRecord, expectedRev: number): Promise<PartnerRecord> {
    return copy(
      await this.j.commit<PartnerRecord>({ t: 'content-partner-put', partner: copy(partner), expectedRev }),
    );
  }
  async getPartner(id: string): Promise<PartnerRecord | null> {
    const partner = this.content.partners.get(id);
    return partner ? copy(partner) : null;
  }
  async listPartners(editionId: string): Promise<PartnerRecord[]> {
    return copy(this.content.listPartners(editionId));
  }
  deletePartner(id: string): Promise<PartnerRecord | null> {
    return this.j.commit({ t: 'content-partner-del', id });
  }

  async putContact(contact: ContactRecord): Promise<void> {
    await this.j.commit({ t: 'content-contact-put', contact: copy(contact) });
  }
  deleteContact(partnerId: string, participantId: string): Promise<boolean> {
    return this.j.commit({ t: 'content-contact-del', partnerId, participantId });
  }
  async listContacts(partnerId: string): Promise<ContactRecord[]> {
    return [...(this.content.contacts.get(partnerId)?.values() ?? [])].map(copy).sort((a, b) => a.at - b.at);
  }
  async listMyContacts(editionId: string, participantId: string): Promise<string[]> {
    const ids: string[] = [];
    for (const [partnerId, left] of this.content.contacts) {
      if (left.get(participantId)?.editionId === editionId) ids.push(partnerId);
    }
    return ids.sort();
  }
  eraseContacts(editionId: string, participantId: string): Promise<number> {
    return this.j.commit({ t: 'content-contact-erase', editionId, participantId });
  }
  async count(editionId: string, counter: string): Promise<void> {
    await this.j.commit({ t: 'content-count', editionId, counter });
  }
  async counts(editionId: string): Promise<Record<string, number>> {
    return Object.fromEntries(this.content.counts.get(editionId) ?? []);
  }
}
