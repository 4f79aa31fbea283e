import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Seconds of test video, in segments of this many seconds (one keyframe each). */
const VIDEO_SECONDS = 60;
const SEGMENT_SECONDS = 2;
/** Segments in the live playlist's sliding window. */
const LIVE_WINDOW = 4;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.mp4': 'video/mp4',
  '.ts': 'video/mp2t',
  '.m3u8': 'application/vnd.apple.mpegurl',
};

function ffmpeg(args: string[], cwd: string): void {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd });
  if (run.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${String(run.stderr)}`);
}

/**
 * Makes the test media with Debian's ffmpeg: a small H.264/AAC file (test pattern and a tone) and
 * the same video cut into an HLS playlist with its MPEG-TS segments.
 */
export function makeTestMedia(dir: string): void {
  // prettier-ignore
  ffmpeg(
    [
      '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
      '-t', String(VIDEO_SECONDS),
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-profile:v', 'baseline',
      '-g', String(25 * SEGMENT_SECONDS), '-keyint_min', String(25 * SEGMENT_SECONDS), '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', '64k', '-shortest', '-movflags', '+faststart', 'video.mp4',
    ],
    dir,
  );
  // prettier-ignore
  ffmpeg(
    [
      '-i', 'video.mp4', '-c', 'copy', '-f', 'hls', '-hls_time', String(SEGMENT_SECONDS),
      '-hls_playlist_type', 'vod', '-hls_segment_filename', 'seg%03d.ts', 'vod.m3u8',
    ],
    dir,
  );
}

/**
 * A live playlist over the same segments: a window sliding with the wall clock since `t0` (as an
 * encoder publishing in real time would), no end tag.
 */
function livePlaylist(t0: number): string {
  const segments = VIDEO_SECONDS / SEGMENT_SECONDS;
  const first = Math.min(segments - LIVE_WINDOW, Math.floor((Date.now() - t0) / 1000 / SEGMENT_SECONDS));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${SEGMENT_SECONDS}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
  ];
  for (let i = first; i < first + LIVE_WINDOW; i++) {
    lines.push(`#EXTINF:${SEGMENT_SECONDS.toFixed(3)},`, `seg${String(i).padStart(3, '0')}.ts`);
  }
  return `${lines.join('\n')}\n`;
}

/** Where the media is kept between files and runs (a clean clone makes it once). */
const mediaCache = join(repoRoot, 'node_modules/.cache/agora-test-media');

/**
 * The test media in `dir`, copied from the cache, made there first if it is not yet. The cache's
 * folder is named after the media's recipe (this function's source), so a change to it makes new
 * media; it is made in a temporary folder and renamed into place, so a file running beside this
 * one never sees half of it.
 */
export function cachedTestMedia(dir: string): void {
  const recipe = createHash('sha256')
    .update(makeTestMedia.toString())
    .update(String([VIDEO_SECONDS, SEGMENT_SECONDS]))
    .digest('hex')
    .slice(0, 16);
  const cached = join(mediaCache, recipe);
  if (!existsSync(cached)) {
    mkdirSync(mediaCache, { recursive: true });
    const making = mkdtempSync(join(mediaCache, 'making-'));
    makeTestMedia(making);
    try {
      renameSync(making, cached);
    } catch (error) {
      // Another file made it meanwhile: theirs is used.
      rmSync(making, { recursive: true, force: true });
      if (!existsSync(cached)) throw error;
    }
  }
  for (const file of readdirSync(cached)) copyFileSync(join(cached, file), join(dir, file));
}

export type PlayerFixture = { url: string; close: () => Promise<void> };

/**
 * Builds the Player's harness page (client/src/features/player/player-harness.tsx) with esbuild,
 * takes the media (made once, see `cachedTestMedia`), and serves both on a local port: static files with HTTP range requests (the
 * browser seeks a file with them), `/signed/<file>?exp=<ms>` refused once expired, `/live.m3u8` as
 * a live stream, anything else 404.
 */
export async function startPlayerFixture(): Promise<PlayerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'agora-player-'));
  cachedTestMedia(dir);
  await build({
    entryPoints: [join(repoRoot, 'client/src/features/player/player-harness.tsx')],
    bundle: true,
    splitting: true,
    format: 'esm',
    jsx: 'automatic',
    outdir: join(dir, 'harness'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Lecteur</title>' +
      '<link rel="stylesheet" href="/harness/player-harness.css"></head>' +
      '<body><div id="root"></div><script type="module" src="/harness/player-harness.js"></script></body></html>',
  );
  const t0 = Date.now();
  const server: Server = createServer((req, res) => {
    const asked = new URL(req.url ?? '/', 'http://x');
    let path = asked.pathname;
    // A signed address as the app gives for its own files: refused once `exp` (ms) has passed.
    if (path.startsWith('/signed/')) {
      if (Date.now() > Number(asked.searchParams.get('exp'))) {
        res.writeHead(403).end();
        return;
      }
      path = path.slice('/signed'.length);
    }
    if (path === '/live.m3u8') {
      res.writeHead(200, { 'content-type': TYPES['.m3u8'], 'cache-control': 'no-store' });
      res.end(livePlaylist(t0));
      return;
    }
    const file = join(dir, normalize(path === '/' ? '/index.html' : path));
    let size: number;
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      size = statSync(file).size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = range[1] ? Number(range[1]) : size - Number(range[2]);
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      res.writeHead(206, {
        'content-type': type,
        'accept-ranges': 'bytes',
        'content-range': `bytes ${start}-${end}/${size}`,
        'content-length': end - start + 1,
      });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { 'content-type': type, 'accept-ranges': 'bytes', 'content-length': size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
