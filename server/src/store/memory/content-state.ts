import {
  contentOrder,
  type ContactRecord,
  type DocumentRecord,
  type PartnerRecord,
} from '../../modules/documents/documents.store.ts';
import { contentRefusals } from '../../modules/documents/documents.rules.ts';

/** Operations of the documents module; like every `Op`, they carry every generated value. */
export type ContentOp =
  | { t: 'content-doc-put'; document: DocumentRecord; expectedRev: number }
  | { t: 'content-doc-del'; id: string }
  | { t: 'content-partner-put'; partner: PartnerRecord; expectedRev: number }
  | { t: 'content-partner-del'; id: string }
  | { t: 'content-contact-put'; contact: ContactRecord }
  | { t: 'content-contact-del'; partnerId: string; participantId: string }
  | { t: 'content-contact-erase'; editionId: string; participantId: string }
  | { t: 'content-count'; editionId: string; counter: string };

export function isContentOp(op: { t: string }): op is ContentOp {
  return op.t.startsWith('content-');
}

function checkRev(current: { rev: number } | undefined, expectedRev: number, what: string): void {
  if ((current?.rev ?? 0) !== expectedRev) throw contentRefusals.stale(what);
}

/** Documents, partners and contacts of the embedded state. */
export class ContentState {
  documents = new Map<string, DocumentRecord>();
  partners = new Map<string, PartnerRecord>();
  /** partner id → participant id → contact */
  contacts = new Map<string, Map<string, ContactRecord>>();
  /** edition id → counter → count */
  counts = new Map<string, Map<string, number>>();

  constructor(private readonly editionExists: (id: string) => boolean) {}

  listDocuments(editionId: string): DocumentRecord[] {
    return [...this.documents.values()].filter((d) => d.editionId === editionId).sort(contentOrder.documents);
  }

  listPartners(editionId: string): PartnerRecord[] {
    return [...this.partners.values()].filter((p) => p.editionId === editionId).sort(contentOrder.partners);
  }

  /** Applies an operation: checks first, then changes (all or nothing). */
  apply(op: ContentOp): unknown {
    switch (op.t) {
      case 'content-doc-put': {
        if (!this.editionExists(op.document.editionId)) throw contentRefusals.notFound('edition');
        checkRev(this.documents.get(op.document.id), op.expectedRev, 'document');
        this.documents.set(op.document.id, op.document);
        return op.document;
      }
      case 'content-doc-del': {
        const document = this.documents.get(op.id) ?? null;
        this.documents.delete(op.id);
        return document;
      }
      case 'content-partner-put': {
        if (!this.editionExists(op.partner.editionId)) throw contentRefusals.notFound('edition');
        checkRev(this.partners.get(op.partner.id), op.expectedRev, 'partner');
        this.partners.set(op.partner.id, op.partner);
        return op.partner;
      }
      case 'content-partner-del': {
        const partner = this.partners.get(op.id) ?? null;
        this.partners.delete(op.id);
        this.contacts.delete(op.id);
        return partner;
      }
      case 'content-contact-put': {
        if (!this.partners.has(op.contact.partnerId)) throw contentRefusals.notFound('partner');
        const left = this.contacts.get(op.contact.partnerId) ?? new Map<string, ContactRecord>();
        left.set(op.contact.participantId, op.contact);
        this.contacts.set(op.contact.partnerId, left);
        return undefined;
      }
      case 'content-contact-del':
        return this.contacts.get(op.partnerId)?.delete(op.participantId) ?? false;
      case 'content-count': {
        const counters = this.counts.get(op.editionId) ?? new Map<string, number>();
        counters.set(op.counter, (counters.get(op.counter) ?? 0) + 1);
        this.counts.set(op.editionId, counters);
        return undefined;
      }
      case 'content-contact-erase': {
        let erased = 0;
        for (const left of this.contacts.values()) {
          const contact = left.get(op.participantId);
          if (contact?.editionId === op.editionId && left.delete(op.participantId)) erased += 1;
        }
        return erased;
      }
    }
  }

  /** Nothing while there is nothing: a folder without documents keeps the snapshot earlier versions wrote. */
  toJSON(): unknown {
    if (
      this.documents.size === 0 &&
      this.partners.size === 0 &&
      this.contacts.size === 0 &&
      this.counts.size === 0
    )
      return undefined;
    return {
      counts: [...this.counts].map(([editionId, counters]) => [editionId, [...counters]]),
      documents: [...this.documents.values()],
      partners: [...this.partners.values()],
      contacts: [...this.contacts.values()].flatMap((left) => [...left.values()]),
    };
  }

  /** Loads what `toJSON` wrote; snapshots from before documents existed have no such part. */
  load(raw: unknown): void {
    const data = raw as
      | {
          documents?: DocumentRecord[];
          partners?: PartnerRecord[];
          contacts?: ContactRecord[];
          counts?: [string, [string, number][]][];
        }
      | undefined;
    for (const [editionId, counters] of data?.counts ?? []) this.counts.set(editionId, new Map(counters));
    for (const d of data?.documents ?? []) this.documents.set(d.id, d);
    for (const p of data?.partners ?? []) this.partners.set(p.id, p);
    for (const c of data?.contacts ?? []) {
      const left = this.contacts.get(c.partnerId) ?? new Map<string, ContactRecord>();
      left.set(c.participantId, c);
      this.contacts.set(c.partnerId, left);
    }
  }
}
