import type { AppErrorBody, DocumentView, EditionContent, Programme, Role } from '@agora/shared';
import { api, heldRoles } from '../../api/http.ts';
import { askedAgain } from '../../api/ask-again.ts';

export type ContentData =
  | { kind: 'joinFirst' }
  | { kind: 'error'; error: AppErrorBody }
  | { kind: 'ok'; role: Role; content: EditionContent; programme: Programme };

/** Loads worth another try by themselves: the server did not answer (`useAsync`'s `again`). */
export const contentAgain = (data: ContentData) => data.kind === 'error' && askedAgain(data.error);

/** The edition's documents and partners and its programme (session titles, speakers), for the first role held. */
export async function loadContent(slug: string): Promise<ContentData> {
  // Offline or a server error, nobody is known: not a reason to send them to the join page.
  const held = await heldRoles(['participant', 'moderator']);
  if (!held.ok) return { kind: 'error', error: held.error };
  const role = held.data.find((m) => m.editionSlug === slug)?.role;
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

/**
 * Opens (or saves) a document's file through a fresh signed address. Offline (no address to be
 * had), the address of the file's version without its signature: the service worker answers it
 * from the copy kept when the document was last opened, if there is one.
 */
export async function openDocument(
  slug: string,
  role: Role,
  doc: DocumentView,
  download: boolean,
): Promise<AppErrorBody | null> {
  const link = await api.documentLink(slug, doc.id, role, download);
  if (link.ok) {
    window.location.assign(link.data.url);
    return null;
  }
  if (link.error.code === 'UNAVAILABLE' && doc.file && navigator.serviceWorker?.controller) {
    window.location.assign(keptFilePath(doc.id, doc.file.version, doc.file.name));
    return null;
  }
  return link.error;
}

/** Where the service worker keeps a file: its signed address's path, without the query. */
export function keptFilePath(id: string, version: number, name: string): string {
  return `/api/files/document/${id}/${version}/${encodeURIComponent(name)}`;
}

/** A document kept on this device by the service worker: its address and its file's name. */
export interface KeptDocument {
  url: string;
  name: string;
}

/** The documents this device kept (opened before), read from the service worker's cache: for offline. */
export async function keptDocuments(): Promise<KeptDocument[]> {
  if (typeof caches === 'undefined') return [];
  const cache = await caches.open('agora-files');
  return (await cache.keys())
    .map((request) => new URL(request.url).pathname)
    .filter((path) => path.startsWith('/api/files/document/'))
    .map((path) => ({ url: path, name: decodeURIComponent(path.split('/').pop() ?? '') }));
}
