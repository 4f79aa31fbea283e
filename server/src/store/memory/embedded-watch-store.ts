import type { ScreenEntry, SessionVideoRecord, WatchStore } from '../../modules/watch/watch.store.ts';
import type { Journaled } from './journaled.ts';

const copy = <T>(value: T): T => structuredClone(value);

/** The watch part of the embedded store: reads from the state, writes through the journal. */
export class EmbeddedWatchStore implements WatchStore {
  constructor(private readonly j: Journaled) {}

  private get watch() {
    return this.j.state().watch;
  }

  async putVideo(video: SessionVideoRecord, expectedRev: number): Promise<SessionVideoRecord> {
    return copy(
      await this.j.commit<SessionVideoRecord>({ t: 'watch-video-put', video: copy(video), expectedRev }),
    );
  }
  async getVideo(sessionId: string): Promise<SessionVideoRecord | null> {
    const video = this.watch.videos.get(sessionId);
    return video ? copy(video) : null;
  }
  async listVideos(editionId: string): Promise<SessionVideoRecord[]> {
    return copy(this.watch.listVideos(editionId));
  }
  async recordScreen(entry: ScreenEntry): Promise<void> {
    await this.j.commit({ t: 'watch-screen', entry: copy(entry) });
  }
  async listScreens(sessionId: string): Promise<ScreenEntry[]> {
    return copy(this.watch.screens.get(sessionId) ?? []);
  }
  async clearScreens(sessionId: string): Promise<void> {
    await this.j.commit({ t: 'watch-screens-clear', sessionId });
  }
}
