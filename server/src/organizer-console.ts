import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Broadcaster } from './modules/broadcaster.ts';
import type { Clock } from './modules/clock.ts';
import type { FailureCounter } from './modules/identity/failure-counter.ts';
import { LoginLimiter } from './modules/identity/failure-limiter.ts';
import { TokenSigner } from './modules/identity/tokens.ts';
import { OrganizerAuthService } from './modules/organizer/organizer-auth.service.ts';
import { PeopleService } from './modules/organizer/people.service.ts';
import { PrivacyService, startPurgeJob } from './modules/organizer/privacy.service.ts';
import { ProgrammeAdminService } from './modules/organizer/programme-admin.service.ts';
import { ReportsService, type ConnectedCounter } from './modules/organizer/reports.service.ts';
import type { Store } from './store/store.ts';
import { registerOrganizerRoutes } from './transport/http/organizer-routes.ts';

export interface OrganizerConsoleDeps {
  config: Config;
  store: Store;
  clock: Clock;
  /** The key personal codes are hashed with (so the codes issued here open the edition). */
  codeKey: Buffer;
  /** The key every token is signed with; organizer tokens carry a role no personal token can have. */
  tokenKey: Buffer;
  /** Failed logins per address (shared by the nodes with Redis). */
  loginFailures: FailureCounter;
  links: { readonly publicUrl: string };
  secureCookies: boolean;
}

export interface OrganizerConsole {
  /**
   * Connects the console to the transport once sockets are set up: presence for the live overview,
   * the broadcaster for `session:reset` after a go-live or an erasure.
   */
  connectRealtime(realtime: { presence: ConnectedCounter; bus: Broadcaster }): void;
  /** Stops the daily purge. */
  stop(): void;
}

/** The organizer console: its services, its HTTP routes and the daily purge of expired personal data. */
export function attachOrganizerConsole(http: FastifyInstance, deps: OrganizerConsoleDeps): OrganizerConsole {
  let presence: ConnectedCounter = { connected: async () => ({ onsite: 0, remote: 0 }) };
  let bus: Pick<Broadcaster, 'publish'> = { publish: () => undefined };
  const privacy = new PrivacyService(deps.store, deps.clock, {
    publish: (room, event, payload) => bus.publish(room, event, payload),
  });
  registerOrganizerRoutes(http, {
    auth: new OrganizerAuthService(
      deps.store,
      new TokenSigner(deps.tokenKey),
      new LoginLimiter(deps.loginFailures, deps.config.LOGIN_MAX_FAILURES, http.log),
      deps.clock,
    ),
    programme: new ProgrammeAdminService(deps.store, deps.links),
    people: new PeopleService(deps.store, deps.codeKey, deps.links),
    reports: new ReportsService(deps.store, { connected: (id) => presence.connected(id) }, deps.clock),
    privacy,
    secureCookies: deps.secureCookies,
  });
  const stopPurge = startPurgeJob(privacy, http.log);
  return {
    connectRealtime(realtime) {
      presence = realtime.presence;
      bus = realtime.bus;
    },
    stop: stopPurge,
  };
}
