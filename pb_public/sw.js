// The portal's service worker: keeps the app shell (the page, styles,
// scripts, message catalogs, the SDK, icons) on the device so the portal
// opens without a connection. Network first, the cache only when the
// network fails, so an online visit always gets the newest files.
// The API (/api/…) is never cached: its answers hold personal data.
// Bump VERSION to drop every older copy of the shell.
const VERSION = 'v1';
const CACHE = `ib-shell-${VERSION}`;
const CORE = ['/', '/index.html', '/app.css', '/js/app.js', '/js/api.js', '/js/dom.js', '/js/i18n.js',
  '/js/offline.js', '/i18n/index.js', '/vendor/pocketbase.es.mjs', '/manifest.webmanifest',
  '/icons/icon-192.png', '/icons/icon-512.png'];
const SHELL = /^\/(?:$|index\.html$|app\.css$|manifest\.webmanifest$|favicon\.(?:ico|svg)$|(?:js|i18n|vendor|icons|fonts)\/)/;

self.addEventListener('install', (event) => {
  // Each file on its own: one missing file must not leave the rest uncached.
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all(CORE.map((u) => c.add(u).catch(() => null))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('ib-shell-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The page lists what it loaded (every module of the views): kept too.
self.addEventListener('message', (event) => {
  const urls = event.data?.type === 'ib-cache' ? event.data.urls : null;
  if (!Array.isArray(urls)) return;
  const own = urls.map((u) => new URL(u, self.location.origin))
    .filter((u) => u.origin === self.location.origin && SHELL.test(u.pathname)).map((u) => u.pathname);
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all(own.map((u) =>
    c.match(u).then((hit) => hit || c.add(u).catch(() => null))))));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const navigation = req.mode === 'navigate';
  if (!navigation && !SHELL.test(url.pathname)) return; // the API and everything else: the network only
  if (navigation && url.pathname !== '/' && url.pathname !== '/index.html') return; // server pages (/verify/…)
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const key = navigation ? '/' : url.pathname;
    try {
      const resp = await fetch(req);
      if (resp.ok && resp.type === 'basic') cache.put(key, resp.clone());
      return resp;
    } catch (err) {
      const hit = await cache.match(key) || (navigation ? await cache.match('/index.html') : null);
      if (hit) return hit;
      throw err;
    }
  })());
});
