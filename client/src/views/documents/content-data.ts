import type { AppErrorBody, DocumentView, EditionContent, Programme, Role } from '@agora/shared';
import { api, heldRoles } from '../../api/http.ts';

export type ContentData =
  | { kind: 'joinFirst' }
  | { kind: 'error'; error: AppErrorBody }
  | { kind: 'ok'; role: Role; content: EditionContent; programme: Programme };

/** The edition's documents and partners and its programme (session titles, speakers), for the first role held. */
export async function loadContent(slug: string): Promise<ContentData> {
  const role = (await heldRoles()).find((m) => m.editionSlug === slug && m.role !== 'projector')?.role;
  if (!role) return { kind: 'joinFirst' };
  const [content, programme] = await Promise.all([api.content(slug, role), api.programme(slug, role)]);
  if (!content.ok) return { kind: 'error', error: content.error };
  if (!programme.ok) return { kind: 'error', error: programme.error };
  return { kind: 'ok', role, content: content.data, programme: programme.data };
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Documents matching every word of `query` in their title, description, speakers or partners' names. */
export function searchDocuments(
  documents: readonly DocumentView[],
  query: string,
  partnerNames: ReadonlyMap<string, string>,
): DocumentView[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...documents];
  return documents.filter((d) => {
    const text = fold(
      [d.title, d.description, ...d.speakers, ...d.partnerIds.map((id) => partnerNames.get(id) ?? '')].join(
        ' ',
      ),
    );
    return words.every((w) => text.includes(w));
  });
}

/** Opens (or saves) a document's file through a fresh signed address. */
export async function openDocument(
  slug: string,
  role: Role,
  id: string,
  download: boolean,
): Promise<AppErrorBody | null> {
  const link = await api.documentLink(slug, id, role, download);
  if (!link.ok) return link.error;
  window.location.assign(link.data.url);
  return null;
}
