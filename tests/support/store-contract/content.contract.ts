import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ContactRecord,
  DocumentRecord,
  PartnerRecord,
} from '../../../server/src/modules/documents/documents.store.ts';
import type { Store } from '../../../server/src/store/store.ts';
import { EDITION, rejects, seedEdition } from './fixtures.ts';
import type { StoreFactory } from './store.contract.ts';

export const documentRecord = (id: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord => ({
  id,
  editionId: EDITION,
  rev: 1,
  title: `Document ${id}`,
  description: '',
  language: 'fr',
  kind: 'pdf',
  url: null,
  file: {
    key: `documents/${EDITION}/${id}/v1`,
    name: `${id}.pdf`,
    contentType: 'application/pdf',
    size: 10,
    version: 1,
  },
  sessionIds: [],
  speakers: [],
  partnerIds: [],
  hidden: false,
  createdAt: 1,
  updatedAt: 1,
  ...overrides,
});

export const partnerRecord = (id: string, overrides: Partial<PartnerRecord> = {}): PartnerRecord => ({
  id,
  editionId: EDITION,
  rev: 1,
  name: `Partner ${id}`,
  description: '',
  website: null,
  tier: '',
  stand: '',
  order: 0,
  logo: null,
  createdAt: 1,
  updatedAt: 1,
  ...overrides,
});

const contact = (partnerId: string, participantId: string, at = 1): ContactRecord => ({
  partnerId,
  editionId: EDITION,
  participantId,
  name: `Name ${participantId}`,
  email: `${participantId}@example.org`,
  organisation: 'Org',
  message: '',
  at,
});

/** The documents part every Store implementation must have; run against each of them. */
export function contentContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: documents and partners`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.open();
      await seedEdition(store);
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('keeps documents across a restart, listed by creation time', async () => {
      await store.content.putDocument(documentRecord('d2', { createdAt: 5 }), 0);
      await store.content.putDocument(documentRecord('d1', { createdAt: 3, sessionIds: ['s1'] }), 0);
      store = await factory.reopen(store);
      expect((await store.content.listDocuments(EDITION)).map((d) => d.id)).toEqual(['d1', 'd2']);
      expect((await store.content.getDocument('d1'))?.sessionIds).toEqual(['s1']);
      expect(await store.content.listDocuments('other')).toEqual([]);
    });

    it('writes a document only over the revision it read (compare-and-set)', async () => {
      await store.content.putDocument(documentRecord('d1'), 0);
      await rejects(store.content.putDocument(documentRecord('d1'), 0), 'CONFLICT');
      await store.content.putDocument(documentRecord('d1', { rev: 2, title: 'Deux' }), 1);
      await rejects(
        store.content.putDocument(documentRecord('d1', { rev: 2, title: 'Stale' }), 1),
        'CONFLICT',
      );
      expect((await store.content.getDocument('d1'))?.title).toBe('Deux');
      await rejects(store.content.putDocument(documentRecord('d9', { editionId: 'nope' }), 0), 'NOT_FOUND');
    });

    it('deletes a document and answers what it was', async () => {
      await store.content.putDocument(documentRecord('d1'), 0);
      expect((await store.content.deleteDocument('d1'))?.id).toBe('d1');
      expect(await store.content.deleteDocument('d1')).toBeNull();
      store = await factory.reopen(store);
      expect(await store.content.getDocument('d1')).toBeNull();
      expect(await store.content.listDocuments(EDITION)).toEqual([]);
    });

    it('lists partners by order then name', async () => {
      await store.content.putPartner(partnerRecord('p1', { name: 'Zeta', order: 1 }), 0);
      await store.content.putPartner(partnerRecord('p2', { name: 'Alpha', order: 1 }), 0);
      await store.content.putPartner(partnerRecord('p3', { name: 'Omega', order: 0 }), 0);
      store = await factory.reopen(store);
      expect((await store.content.listPartners(EDITION)).map((p) => p.id)).toEqual(['p3', 'p2', 'p1']);
      await rejects(store.content.putPartner(partnerRecord('p1'), 0), 'CONFLICT');
    });

    it('counts per edition, durably', async () => {
      await store.content.count(EDITION, 'document:d1:view');
      await store.content.count(EDITION, 'document:d1:view');
      await store.content.count(EDITION, 'partner:p1:visit');
      store = await factory.reopen(store);
      expect(await store.content.counts(EDITION)).toEqual({ 'document:d1:view': 2, 'partner:p1:visit': 1 });
      expect(await store.content.counts('other')).toEqual({});
    });

    it('keeps contacts per partner, withdraws and erases them, and drops them with their partner', async () => {
      await store.content.putPartner(partnerRecord('p1'), 0);
      await store.content.putPartner(partnerRecord('p2'), 0);
      await store.content.putContact(contact('p1', 'alice', 2));
      await store.content.putContact(contact('p1', 'bob', 1));
      await store.content.putContact(contact('p2', 'alice'));
      await rejects(store.content.putContact(contact('nope', 'alice')), 'NOT_FOUND');
      store = await factory.reopen(store);
      expect((await store.content.listContacts('p1')).map((c) => c.participantId)).toEqual(['bob', 'alice']);
      expect(await store.content.listMyContacts(EDITION, 'alice')).toEqual(['p1', 'p2']);
      expect(await store.content.deleteContact('p1', 'bob')).toBe(true);
      expect(await store.content.deleteContact('p1', 'bob')).toBe(false);
      expect(await store.content.eraseContacts(EDITION, 'alice')).toBe(2);
      expect(await store.content.listMyContacts(EDITION, 'alice')).toEqual([]);
      await store.content.putContact(contact('p2', 'carol'));
      expect((await store.content.deletePartner('p2'))?.id).toBe('p2');
      expect(await store.content.listContacts('p2')).toEqual([]);
      expect(await store.content.listMyContacts(EDITION, 'carol')).toEqual([]);
    });
  });
}
