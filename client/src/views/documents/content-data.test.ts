import { describe, expect, it } from 'vitest';
import type { DocumentView } from '@agora/shared';
import { searchDocuments } from './content-data.ts';

const doc = (id: string, more: Partial<DocumentView>): DocumentView => ({
  id,
  title: '',
  description: '',
  language: 'fr',
  kind: 'pdf',
  url: null,
  file: null,
  sessionIds: [],
  speakers: [],
  partnerIds: [],
  updatedAt: 0,
  ...more,
});

describe('searching documents', () => {
  const docs = [
    doc('a', { title: 'Synthèse de l’atelier accessibilité', speakers: ['Inès Martin'] }),
    doc('b', { title: 'Plaquette', description: 'Présentation des actions', partnerIds: ['p1'] }),
  ];
  const partners = new Map([['p1', 'Fondation Horizon']]);

  it('matches titles, descriptions, speakers and partners, without accents or case', () => {
    expect(searchDocuments(docs, 'synthese', partners).map((d) => d.id)).toEqual(['a']);
    expect(searchDocuments(docs, 'ines', partners).map((d) => d.id)).toEqual(['a']);
    expect(searchDocuments(docs, 'HORIZON', partners).map((d) => d.id)).toEqual(['b']);
    expect(searchDocuments(docs, 'présentation actions', partners).map((d) => d.id)).toEqual(['b']);
  });

  it('needs every word, and an empty query keeps everything', () => {
    expect(searchDocuments(docs, 'synthese horizon', partners)).toEqual([]);
    expect(searchDocuments(docs, '  ', partners)).toHaveLength(2);
  });
});
