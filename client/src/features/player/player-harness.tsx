import '../../i18n/index.ts';
import { createRoot } from 'react-dom/client';
import { StrictMode, useState } from 'react';
import { Player, type PlayerHandle, type PlayerSource } from './Player.tsx';

/**
 * The Player alone on a page, for its end-to-end test (tests/e2e/player.test.ts builds this file
 * with esbuild; the app never imports it). The address says what to play: `?kind=hls&url=/x.m3u8`,
 * `&live=<seconds since the session started>`, `&start=<seconds>`, `&expires=<ms>` (a signed address:
 * when it expires the harness renews it, as a page asks the server again). The handle is
 * `window.player`; `window.renewals` counts the renewals.
 */
const params = new URLSearchParams(window.location.search);
const expires = params.get('expires');
const first: PlayerSource = {
  kind: (params.get('kind') ?? 'file') as PlayerSource['kind'],
  url: new URL(params.get('url') ?? '/missing.mp4', window.location.href).href,
  expiresAt: expires === null ? null : Number(expires),
};
const counters = window as unknown as { renewals: number };
counters.renewals = 0;

const live = params.get('live');
const liveSession = live === null ? null : { startsAt: Date.now() - Number(live) * 1000 };
const start = params.get('start');
const handle: { current: PlayerHandle | null } = { current: null };
(window as unknown as { player: typeof handle }).player = handle;

/** A renewed address: the same file, valid for ten more minutes. */
function renewed(source: PlayerSource): PlayerSource {
  const url = new URL(source.url);
  const expiresAt = Date.now() + 600_000;
  url.searchParams.set('exp', String(expiresAt));
  return { ...source, url: url.href, expiresAt };
}

function Harness() {
  const [source, setSource] = useState(first);
  return (
    <Player
      source={source}
      title="Séance de test"
      live={liveSession}
      startAt={start === null ? null : Number(start)}
      onExpired={() => {
        counters.renewals += 1;
        setSource(renewed);
      }}
      handleRef={handle}
    />
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <main style={{ maxWidth: 640 }}>
        <Harness />
      </main>
    </StrictMode>,
  );
}
