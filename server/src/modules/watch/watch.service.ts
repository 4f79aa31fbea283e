import type {
  ReplayCatalogue,
  ReplayTimeline,
  Session,
  SessionVideoAdmin,
  SessionVideoPatch,
  SessionWatch,
  VideoSource,
  Edition,
} from '@agora/shared';
import type { Clock } from '../clock.ts';
import { fileKey } from '../documents/documents.rules.ts';
import type { FileRef } from '../documents/documents.store.ts';
import type { FileLinks } from '../documents/file-links.ts';
import type { FileStore } from '../documents/file-store.ts';
import { discardFile, storeUpload, type UploadPart } from '../documents/store-upload.ts';
import type { Principal } from '../identity/principal.ts';
import type { InteractionStore } from '../interactions/interactions.store.ts';
import { editionOf } from '../organizer/organizer.deps.ts';
import type { ProgramStore } from '../program/program.store.ts';
import type { QuestionStore } from '../questions/questions.store.ts';
import type { ResumePoints } from './resume-points.ts';
import {
  availability,
  buildTimeline,
  catalogueAvailability,
  checkEditionWindow,
  checkViewer,
  emptyVideo,
  nextFileVersion,
  patchVideo,
  replayEntry,
  replaySessions,
  videoKind,
  watchRefusals,
  withFile,
} from './watch.rules.ts';
import type { SessionVideoRecord, WatchStore } from './watch.store.ts';

export interface WatchDeps {
  store: {
    readonly program: ProgramStore;
    readonly questions: Pick<QuestionStore, 'listQuestions'>;
    readonly interactions: Pick<InteractionStore, 'listInteractions' | 'pollResults' | 'cloudResults'>;
    readonly watch: WatchStore;
  };
  files: FileStore;
  links: FileLinks;
  clock: Clock;
  /** Largest file accepted, in bytes. */
  maxUploadBytes: number;
  logger: { warn(details: object, message: string): void };
  /** Where each person stopped and how much they watched (filled by the attendance work). */
  resume: ResumePoints;
}

/**
 * Watching sessions in the app. Registrants of the edition (participants, moderators) get a
 * session's live or replay address only when the rules say they may watch it now, the replay's
 * timeline and the edition's replay catalogue; the organizer uploads a session's replay video and
 * sets where the session starts in it. Files the app holds go out as short-lived signed addresses
 * served, with ranges, by the documents' file route.
 */
export class WatchService {
  constructor(private readonly deps: WatchDeps) {}

  private get watch(): WatchStore {
    return this.deps.store.watch;
  }

  private async sessionOf(edition: Edition, sessionId: string): Promise<Session> {
    const session = await this.deps.store.program.getSession(sessionId);
    if (!session || session.editionId !== edition.id) throw watchRefusals.notFound('session');
    return session;
  }

  private fileSource(video: SessionVideoRecord, file: FileRef, now: number): VideoSource {
    const link = this.deps.links.link(
      { kind: 'replay', id: video.sessionId, version: file.version },
      file.name,
      now,
    );
    return { kind: 'file', url: link.url, expiresAt: link.expiresAt };
  }

  private static outside(url: string): VideoSource {
    return { kind: videoKind(url), url, expiresAt: null };
  }

  // --- registrants ---

  /**
   * Registrants of the edition: what can be watched of a session now. The addresses are in the
   * answer only when `availability` is `upcoming` / `live` (the stream) or `replay` (an uploaded
   * file, signed, before the organizer's link).
   */
  async sessionWatch(principal: Principal, slug: string, sessionId: string): Promise<SessionWatch> {
    const edition = await editionOf(this.deps.store.program, slug);
    checkViewer(principal, edition);
    const session = await this.sessionOf(edition, sessionId);
    const video = await this.watch.getVideo(sessionId);
    const now = this.deps.clock.now();
    const state = availability(edition, session, video, now);
    let live: VideoSource | null = null;
    let replay: VideoSource | null = null;
    if (state === 'upcoming' || state === 'live') {
      live = session.streamUrl
        ? WatchService.outside(session.streamUrl)
        : video?.file
          ? this.fileSource(video, video.file, now)
          : null;
    } else if (state === 'replay') {
      replay = video?.file
        ? this.fileSource(video, video.file, now)
        : session.replayUrl
          ? WatchService.outside(session.replayUrl)
          : null;
    }
    return {
      sessionId,
      availability: state,
      live,
      replay,
      replayUntil: edition.replayUntil,
      videoStartOffsetSeconds: video?.videoStartOffsetSeconds ?? 0,
      resumeAtSeconds:
        state === 'replay'
          ? (await this.deps.resume.resumeOf(sessionId, principal.id)).resumeAtSeconds
          : null,
    };
  }

  /** Registrants of the edition, within its window: the session's timeline (what went on screen, results). */
  async timeline(principal: Principal, slug: string, sessionId: string): Promise<ReplayTimeline> {
    const edition = await editionOf(this.deps.store.program, slug);
    checkViewer(principal, edition);
    checkEditionWindow(edition, this.deps.clock.now());
    const session = await this.sessionOf(edition, sessionId);
    const store = this.deps.store;
    const [video, screens, questions, { polls, clouds }] = await Promise.all([
      this.watch.getVideo(sessionId),
      this.watch.listScreens(sessionId),
      store.questions.listQuestions(sessionId),
      store.interactions.listInteractions(sessionId),
    ]);
    const items = buildTimeline({
      session,
      screens,
      questions,
      polls: await Promise.all(
        polls.map(async (poll) => ({ poll, results: await store.interactions.pollResults(poll.id) })),
      ),
      clouds: await Promise.all(
        clouds.map(async (cloud) => ({ cloud, results: await store.interactions.cloudResults(cloud.id) })),
      ),
    });
    return { sessionId, videoStartOffsetSeconds: video?.videoStartOffsetSeconds ?? 0, items };
  }

  /** Registrants of the edition: its ended sessions with a replay, with this person's resume points. */
  async catalogue(principal: Principal, slug: string): Promise<ReplayCatalogue> {
    const edition = await editionOf(this.deps.store.program, slug);
    checkViewer(principal, edition);
    const now = this.deps.clock.now();
    const state = catalogueAvailability(edition, now);
    if (state !== 'open') return { replayUntil: edition.replayUntil, availability: state, entries: [] };
    const [sessions, videos] = await Promise.all([
      this.deps.store.program.listSessions(edition.id),
      this.watch.listVideos(edition.id),
    ]);
    const replays = replaySessions(sessions, new Map(videos.map((v) => [v.sessionId, v])), now);
    const progress = await this.deps.resume.progressOf(edition.id, principal.id);
    const entries = replays.map((s) => {
      const p = progress.get(s.id);
      return replayEntry(s, p?.resumeAtSeconds ?? null, p?.watchedSeconds ?? 0);
    });
    return { replayUntil: edition.replayUntil, availability: state, entries };
  }

  /**
   * The signed `replay` address's file, if it may be served at `now`: the session's current file
   * version, inside the edition's window, and from the session's end (from the window's start
   * when the file is played live). The holder was checked when the address was issued.
   */
  async replayFile(sessionId: string, version: number, now: number): Promise<FileRef> {
    const [video, session] = await Promise.all([
      this.watch.getVideo(sessionId),
      this.deps.store.program.getSession(sessionId),
    ]);
    if (!video?.file || video.file.version !== version || !session) throw watchRefusals.notFound('file');
    const edition = await this.deps.store.program.getEdition(session.editionId);
    if (!edition) throw watchRefusals.notFound('file');
    checkEditionWindow(edition, now);
    if (!video.fileIsLive && now < session.endsAt) throw watchRefusals.notFound('file');
    return video.file;
  }

  // --- organizer ---

  private async adminTarget(slug: string, sessionId: string) {
    const edition = await editionOf(this.deps.store.program, slug);
    const session = await this.sessionOf(edition, sessionId);
    const now = this.deps.clock.now();
    return {
      edition,
      session,
      now,
      video: (await this.watch.getVideo(sessionId)) ?? emptyVideo(session, now),
    };
  }

  private adminView(video: SessionVideoRecord, now: number): SessionVideoAdmin {
    const file = video.file;
    return {
      sessionId: video.sessionId,
      file: file
        ? { name: file.name, contentType: file.contentType, size: file.size, version: file.version }
        : null,
      fileUrl: file
        ? this.deps.links.link({ kind: 'replay', id: video.sessionId, version: file.version }, file.name, now)
            .url
        : null,
      videoStartOffsetSeconds: video.videoStartOffsetSeconds,
      fileIsLive: video.fileIsLive,
    };
  }

  /** Organizer: the session's video file and settings. */
  async video(slug: string, sessionId: string): Promise<SessionVideoAdmin> {
    const { video, now } = await this.adminTarget(slug, sessionId);
    return this.adminView(video, now);
  }

  /** Organizer: where the session starts in the video, whether the file is played live. */
  async updateVideo(slug: string, sessionId: string, patch: SessionVideoPatch): Promise<SessionVideoAdmin> {
    const { session, video, now } = await this.adminTarget(slug, sessionId);
    const written = await this.watch.putVideo(patchVideo(session, video, patch, now), video.rev);
    return this.adminView(written, now);
  }

  /**
   * Organizer: the session's replay video, checked as it streams (type from its bytes, size
   * limit) into the file store. Refused, nothing is stored and the previous file stays; accepted,
   * the previous file goes once the new one is recorded.
   */
  async uploadFile(slug: string, sessionId: string, part: UploadPart): Promise<SessionVideoAdmin> {
    let target: Awaited<ReturnType<WatchService['adminTarget']>>;
    try {
      target = await this.adminTarget(slug, sessionId);
    } catch (error) {
      part.file.resume();
      throw error;
    }
    const { edition, video, now } = target;
    const version = nextFileVersion(video);
    const stored = await storeUpload(
      this.deps,
      part,
      'replay',
      fileKey('replay', edition.id, sessionId, version),
      version,
    );
    let written: SessionVideoRecord;
    try {
      written = await this.watch.putVideo(withFile(video, stored.file, now), video.rev);
    } catch (error) {
      await discardFile(this.deps, stored.file.key);
      throw error;
    }
    if (video.file) await discardFile(this.deps, video.file.key);
    return this.adminView(written, now);
  }

  /** Organizer: removes the session's replay file (its signed addresses stop at once). */
  async removeFile(slug: string, sessionId: string): Promise<SessionVideoAdmin> {
    const { video, now } = await this.adminTarget(slug, sessionId);
    if (!video.file) throw watchRefusals.noFile();
    const written = await this.watch.putVideo(withFile(video, null, now), video.rev);
    await discardFile(this.deps, video.file.key);
    return this.adminView(written, now);
  }
}
