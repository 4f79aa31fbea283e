import {
  bySessionId,
  MAX_SCREEN_ENTRIES,
  type ScreenEntry,
  type SessionVideoRecord,
} from '../../modules/watch/watch.store.ts';
import { watchRefusals } from '../../modules/watch/watch.rules.ts';

/** Operations of the watch module; like every `Op`, they carry every generated value. */
export type WatchOp =
  | { t: 'watch-video-put'; video: SessionVideoRecord; expectedRev: number }
  | { t: 'watch-screen'; entry: ScreenEntry }
  | { t: 'watch-screens-clear'; sessionId: string };

export function isWatchOp(op: { t: string }): op is WatchOp {
  return op.t.startsWith('watch-');
}

/** Sessions' video settings and screen histories of the embedded state. */
export class WatchState {
  videos = new Map<string, SessionVideoRecord>();
  /** session id → what went on screen, in order */
  screens = new Map<string, ScreenEntry[]>();

  constructor(private readonly sessionExists: (id: string) => boolean) {}

  listVideos(editionId: string): SessionVideoRecord[] {
    return [...this.videos.values()].filter((v) => v.editionId === editionId).sort(bySessionId);
  }

  /** Applies an operation: checks first, then changes (all or nothing). */
  apply(op: WatchOp): unknown {
    switch (op.t) {
      case 'watch-video-put': {
        if (!this.sessionExists(op.video.sessionId)) throw watchRefusals.notFound('session');
        if ((this.videos.get(op.video.sessionId)?.rev ?? 0) !== op.expectedRev) throw watchRefusals.stale();
        this.videos.set(op.video.sessionId, op.video);
        return op.video;
      }
      case 'watch-screen': {
        const list = this.screens.get(op.entry.sessionId) ?? [];
        if (list.length < MAX_SCREEN_ENTRIES) list.push(op.entry);
        this.screens.set(op.entry.sessionId, list);
        return undefined;
      }
      case 'watch-screens-clear':
        this.screens.delete(op.sessionId);
        return undefined;
    }
  }

  /** Nothing while there is nothing: a folder without videos keeps the snapshot earlier versions wrote. */
  toJSON(): unknown {
    if (this.videos.size === 0 && this.screens.size === 0) return undefined;
    return { videos: [...this.videos.values()], screens: [...this.screens.values()].flat() };
  }

  /** Loads what `toJSON` wrote; snapshots from before videos existed have no such part. */
  load(raw: unknown): void {
    const data = raw as { videos?: SessionVideoRecord[]; screens?: ScreenEntry[] } | undefined;
    for (const v of data?.videos ?? []) this.videos.set(v.sessionId, v);
    for (const entry of data?.screens ?? []) this.apply({ t: 'watch-screen', entry });
  }
}
