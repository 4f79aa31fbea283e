import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AppError,
  contentOrganizerRoutes as organizer,
  contentRoutes as routes,
  UploadFields,
  type Role,
} from '@agora/shared';
import type { DocumentsService } from '../../modules/documents/documents.service.ts';
import type { PartnersService } from '../../modules/documents/partners.service.ts';
import type { UploadPart } from '../../modules/documents/store-upload.ts';
import type { Principal } from '../../modules/identity/principal.ts';
import { parse, registerRoute } from './register-route.ts';

export interface ContentHttpDeps {
  documents: DocumentsService;
  partners: PartnersService;
  /** Largest file accepted, in bytes (the multipart parser stops one byte past it). */
  maxUploadBytes: number;
}

/** Files of one form at most (the brief's « 100 files at once », with room). */
const MAX_FILES = 200;

/** The one file of a single-file form (a replaced file, a logo, a replay video). */
export async function onePart(request: FastifyRequest): Promise<UploadPart> {
  if (!request.isMultipart()) throw new AppError('INVALID_PAYLOAD', 'send the file as multipart/form-data');
  const part = await request.file();
  if (!part) throw new AppError('INVALID_PAYLOAD', 'the form holds no file');
  return { filename: part.filename, file: part.file };
}

function metaOf(value: unknown): UploadFields {
  let raw: unknown = {};
  try {
    raw = typeof value === 'string' && value !== '' ? JSON.parse(value) : {};
  } catch {
    throw new AppError('INVALID_PAYLOAD', 'the meta field must be JSON');
  }
  return parse(UploadFields, raw, 'meta');
}

/** The organizer's documents and partners; registered inside the organizer scope (its token check). */
export async function registerContentOrganizerRoutes(
  scope: FastifyInstance,
  deps: ContentHttpDeps,
): Promise<void> {
  await scope.register(multipart, {
    limits: { fileSize: deps.maxUploadBytes + 1, files: MAX_FILES, fields: 10, fieldSize: 64 * 1024 },
    // The upload check refuses past the limit, per file, with FILE_TOO_LARGE; the parser only truncates.
    throwFileSizeLimit: false,
  });

  registerRoute(scope, organizer.listDocuments, async ({ params }) => ({
    documents: await deps.documents.list(params.slug),
  }));
  registerRoute(scope, organizer.uploadDocuments, async ({ params, request }) => {
    if (!request.isMultipart())
      throw new AppError('INVALID_PAYLOAD', 'send the files as multipart/form-data');
    let meta: unknown;
    let target: Awaited<ReturnType<DocumentsService['uploadTarget']>> | null = null;
    const results = [];
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'meta') meta = part.value;
        continue;
      }
      target ??= await deps.documents.uploadTarget(params.slug, metaOf(meta));
      results.push(await deps.documents.upload(target, { filename: part.filename, file: part.file }));
    }
    if (results.length === 0) throw new AppError('INVALID_PAYLOAD', 'the form holds no file');
    return { results };
  });
  registerRoute(scope, organizer.createLinkDocument, async ({ params, body }) =>
    deps.documents.createLink(params.slug, body),
  );
  registerRoute(scope, organizer.updateDocument, async ({ params, body }) =>
    deps.documents.update(params.slug, params.id, body),
  );
  registerRoute(scope, organizer.replaceDocumentFile, async ({ params, request }) =>
    deps.documents.replace(params.slug, params.id, await onePart(request)),
  );
  registerRoute(scope, organizer.deleteDocument, async ({ params }) =>
    deps.documents.remove(params.slug, params.id),
  );

  registerRoute(scope, organizer.listPartners, async ({ params }) => ({
    partners: await deps.partners.list(params.slug),
  }));
  registerRoute(scope, organizer.createPartner, async ({ params, body }) =>
    deps.partners.create(params.slug, body),
  );
  registerRoute(scope, organizer.updatePartner, async ({ params, body }) =>
    deps.partners.update(params.slug, params.id, body),
  );
  registerRoute(scope, organizer.deletePartner, async ({ params }) =>
    deps.partners.remove(params.slug, params.id),
  );
  registerRoute(scope, organizer.setPartnerLogo, async ({ params, request }) =>
    deps.partners.setLogo(params.slug, params.id, await onePart(request)),
  );
  registerRoute(
    scope,
    organizer.importPartners,
    async ({ params, body }) => deps.partners.importCsv(params.slug, body),
    { bodyLimit: 2 * 1024 * 1024 },
  );
  registerRoute(scope, organizer.partnerReport, async ({ params, query, reply }) => {
    const report = await deps.partners.report(params.slug);
    if (query.format !== 'csv') return report;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="partenaires-${params.slug}.csv"`)
      .header('cache-control', 'no-store')
      .send(deps.partners.reportCsv(report));
  });
  registerRoute(scope, organizer.partnerContacts, async ({ params, query, reply }) => {
    const { filename, csv, contacts } = await deps.partners.contacts(params.slug, params.id);
    void reply.header('cache-control', 'no-store');
    if (query.format !== 'csv') return { contacts };
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(csv);
  });
}

/** Participants' documents and partners, and the signed file addresses. */
export function registerContentRoutes(
  app: FastifyInstance,
  deps: ContentHttpDeps & { authenticate: (request: FastifyRequest, as: Role) => Promise<Principal> },
): void {
  registerRoute(app, routes.editionContent, async ({ params, query, request }) =>
    deps.documents.editionContent(await deps.authenticate(request, query.as), params.slug),
  );
  registerRoute(app, routes.documentLink, async ({ params, query, request, reply }) => {
    const principal = await deps.authenticate(request, query.as);
    void reply.header('cache-control', 'no-store');
    return deps.documents.documentLink(principal, params.slug, params.id, query.download === '1');
  });
  registerRoute(app, routes.leaveContact, async ({ params, query, body, request }) =>
    deps.partners.leaveContact(await deps.authenticate(request, query.as), params.slug, params.id, body),
  );
  registerRoute(app, routes.partnerVisit, async ({ params, query, request }) =>
    deps.partners.visit(await deps.authenticate(request, query.as), params.slug, params.id),
  );
  registerRoute(app, routes.withdrawContact, async ({ params, query, request }) =>
    deps.partners.withdrawContact(await deps.authenticate(request, query.as), params.slug, params.id),
  );
  registerRoute(app, routes.file, async ({ params, query, request, reply }) => {
    const served = await deps.documents.serve(
      { kind: params.kind, id: params.id, version: params.version },
      query.exp,
      query.sig,
      { range: request.headers.range, download: query.download === '1' },
    );
    void reply.code(served.status).headers(served.headers);
    return reply.send(served.body ?? '');
  });
}
