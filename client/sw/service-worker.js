// The installable app's service worker. Built by vite.config.ts into dist/sw.js with the build's
// version and files in place of the two names below (a new build is a new worker).
// What it keeps: the app shell (this build's files), and the documents and logos a person opened,
// so a PDF opened at the event reads on the train home. What it never keeps: any other /api/
// answer (programmes, tokens, personal data), socket traffic, partial (range) answers.
/* global __AGORA_VERSION__, __AGORA_SHELL__ */
const VERSION = __AGORA_VERSION__;
const SHELL = __AGORA_SHELL__;
const SHELL_CACHE = `agora-shell-${VERSION}`;
const FILES_CACHE = 'agora-files';
/** Documents kept at most; the oldest opened go first. */
const MAX_FILES = 60;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(['/index.html', ...SHELL])));
  // The shell is fetched network-first for pages, so taking over at once strands no one on an old
  // version; the page offers a reload when it sees the new worker (it never reloads by itself).
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('agora-shell-') && name !== SHELL_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** A file's cache key: its path, which names the document and its version, without the signature. */
const fileKey = (url) => new Request(`${url.origin}${url.pathname}`);

async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_FILES))) await cache.delete(key);
}

async function file(request, url) {
  const cache = await caches.open(FILES_CACHE);
  try {
    const answer = await fetch(request);
    if (answer.status === 200) {
      await cache.put(fileKey(url), answer.clone());
      await trim(cache);
    }
    return answer;
  } catch (error) {
    const kept = await cache.match(fileKey(url));
    if (kept) return kept;
    throw error;
  }
}

async function page(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match('/index.html');
    if (shell) return shell;
    throw error;
  }
}

async function asset(request) {
  const kept = await caches.match(request);
  return kept ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/files/')) {
    // A video's seeks ask for ranges: those go to the network, never to the cache. Nor does a
    // session's replay (hundreds of MB, and watched online within its window).
    if (!request.headers.has('range') && !url.pathname.startsWith('/api/files/replay/')) {
      event.respondWith(file(request, url));
    }
    return;
  }
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io')) return;
  if (request.mode === 'navigate') event.respondWith(page(request));
  else if (SHELL.includes(url.pathname)) event.respondWith(asset(request));
});
