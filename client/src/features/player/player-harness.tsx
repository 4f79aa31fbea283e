import '../../i18n/index.ts';
import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { Player, type PlayerHandle, type PlayerSource } from './Player.tsx';

/**
 * The Player alone on a page, for its end-to-end test (tests/e2e/player.test.ts builds this file
 * with esbuild; the app never imports it). The address says what to play: `?kind=hls&url=/x.m3u8`,
 * `&live=<seconds since the session started>`, `&start=<seconds>`. The handle is `window.player`.
 */
const params = new URLSearchParams(window.location.search);
const source: PlayerSource = {
  kind: (params.get('kind') ?? 'file') as PlayerSource['kind'],
  url: new URL(params.get('url') ?? '/missing.mp4', window.location.href).href,
};
const live = params.get('live');
const start = params.get('start');
const handle: { current: PlayerHandle | null } = { current: null };
(window as unknown as { player: typeof handle }).player = handle;

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <main style={{ maxWidth: 640 }}>
        <Player
          source={source}
          title="Séance de test"
          live={live === null ? null : { startsAt: Date.now() - Number(live) * 1000 }}
          startAt={start === null ? null : Number(start)}
          handleRef={handle}
        />
      </main>
    </StrictMode>,
  );
}
