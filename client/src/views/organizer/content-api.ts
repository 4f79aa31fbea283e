import {
  AppErrorBody,
  contentOrganizerRoutes as routes,
  DocumentAdminView,
  ImportReport,
  PartnerReport,
  PartnerView,
  UploadReport,
  type Ack,
  type DocumentPatch,
  type PartnerInput,
} from '@agora/shared';
import { z } from 'zod';
import { fillPath } from './api.ts';

const url = (path: string, slug: string, id?: string) => fillPath(path, id ? { slug, id } : { slug });

export async function json<T extends z.ZodType>(
  schema: T,
  path: string,
  init: RequestInit = {},
): Promise<Ack<z.output<T>>> {
  let res: Response;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      ...init,
      headers: { Accept: 'application/json', ...init.headers },
    });
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'network error' } };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = AppErrorBody.safeParse(body);
    return {
      ok: false,
      error: error.success ? error.data : { code: 'INTERNAL', message: `HTTP ${res.status}` },
    };
  }
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, error: { code: 'INTERNAL', message: 'unexpected answer' } };
}

export const jsonBody = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * Sends a multipart form with XMLHttpRequest, the one browser API that reports upload progress
 * (`fetch` does not); `onProgress` gets the fraction sent.
 */
function sendForm<T extends z.ZodType>(
  schema: T,
  method: string,
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
): Promise<Ack<z.output<T>>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'network error' } });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 400) {
        const error = AppErrorBody.safeParse(body);
        resolve({
          ok: false,
          error: error.success ? error.data : { code: 'INTERNAL', message: `HTTP ${xhr.status}` },
        });
        return;
      }
      const parsed = schema.safeParse(body);
      resolve(
        parsed.success
          ? { ok: true, data: parsed.data }
          : { ok: false, error: { code: 'INTERNAL', message: 'unexpected answer' } },
      );
    };
    xhr.send(form);
  });
}

/** The organizer's documents and partners (routes of `contentOrganizerRoutes`). */
export const contentApi = {
  documents: (slug: string) =>
    json(z.object({ documents: z.array(DocumentAdminView) }), url(routes.listDocuments.path, slug)),
  upload: (
    slug: string,
    files: readonly File[],
    meta: { sessionIds: string[]; partnerIds: string[] },
    onProgress: (fraction: number) => void,
  ) => {
    const form = new FormData();
    form.append('meta', JSON.stringify(meta));
    for (const f of files) form.append('file', f, f.name);
    return sendForm(UploadReport, 'POST', url(routes.uploadDocuments.path, slug), form, onProgress);
  },
  replaceFile: (slug: string, id: string, file: File, onProgress: (fraction: number) => void) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return sendForm(
      DocumentAdminView,
      'PUT',
      url(routes.replaceDocumentFile.path, slug, id),
      form,
      onProgress,
    );
  },
  updateDocument: (slug: string, id: string, patch: DocumentPatch) =>
    json(DocumentAdminView, url(routes.updateDocument.path, slug, id), jsonBody('PATCH', patch)),
  deleteDocument: (slug: string, id: string) =>
    json(z.object({ deleted: z.literal(true) }), url(routes.deleteDocument.path, slug, id), {
      method: 'DELETE',
    }),
  partners: (slug: string) =>
    json(z.object({ partners: z.array(PartnerView) }), url(routes.listPartners.path, slug)),
  createPartner: (slug: string, input: Partial<PartnerInput> & { name: string }) =>
    json(PartnerView, url(routes.createPartner.path, slug), jsonBody('POST', input)),
  deletePartner: (slug: string, id: string) =>
    json(z.object({ deleted: z.literal(true) }), url(routes.deletePartner.path, slug, id), {
      method: 'DELETE',
    }),
  setLogo: (slug: string, id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return sendForm(PartnerView, 'PUT', url(routes.setPartnerLogo.path, slug, id), form, () => undefined);
  },
  importPartners: (slug: string, text: string) =>
    json(ImportReport, url(routes.importPartners.path, slug), {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      body: text,
    }),
  report: (slug: string) => json(PartnerReport, url(routes.partnerReport.path, slug)),
  reportCsvUrl: (slug: string) => `${url(routes.partnerReport.path, slug)}?format=csv`,
  contactsCsvUrl: (slug: string, id: string) => `${url(routes.partnerContacts.path, slug, id)}?format=csv`,
};
