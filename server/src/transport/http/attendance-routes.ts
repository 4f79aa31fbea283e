import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attendanceRoutes as routes, type Role } from '@agora/shared';
import type { AttendanceReportService } from '../../modules/attendance/attendance-report.service.ts';
import type { Principal } from '../../modules/identity/principal.ts';
import { registerRoute } from './register-route.ts';

function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(pdf);
}

/** The organizer's attendance routes; registered inside the organizer scope (its token check). */
export function registerAttendanceOrganizerRoutes(
  scope: FastifyInstance,
  reports: AttendanceReportService,
): void {
  registerRoute(scope, routes.attendanceReport, async ({ params, query, reply }) => {
    const report = await reports.report(params.slug);
    if (query.format !== 'csv') return report;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="presence-${query.table}-${params.slug}.csv"`)
      .header('cache-control', 'no-store')
      .send(reports.csv(report, query.table));
  });
  registerRoute(scope, routes.attendanceSettings, async ({ params }) => reports.settings(params.slug));
  registerRoute(scope, routes.setAttendanceSettings, async ({ params, body }) =>
    reports.setSettings(params.slug, body),
  );
  registerRoute(scope, routes.attendanceCertificates, async ({ params, reply }) =>
    sendPdf(reply, `attestations-${params.slug}.pdf`, await reports.certificates(params.slug)),
  );
}

/** A participant's own attendance and certificate. */
export function registerAttendanceRoutes(
  app: FastifyInstance,
  deps: {
    reports: AttendanceReportService;
    authenticate: (request: FastifyRequest, as: Role) => Promise<Principal>;
  },
): void {
  registerRoute(app, routes.myAttendance, async ({ params, query, request, reply }) => {
    void reply.header('cache-control', 'no-store');
    return deps.reports.mine(await deps.authenticate(request, query.as), params.slug);
  });
  registerRoute(app, routes.myCertificate, async ({ params, query, request, reply }) => {
    const principal = await deps.authenticate(request, query.as);
    return sendPdf(
      reply,
      `attestation-${params.slug}.pdf`,
      await deps.reports.myCertificate(principal, params.slug),
    );
  });
}
