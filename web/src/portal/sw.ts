// The patient portal's service worker (built to /portal-sw.js, scope /portal): the portal opens
// and shows today's program without a connection.
// - The shell: the page (/portal and every /portal/... address get the same page) and the hashed
//   assets it loads, kept at install and refreshed whenever the page is loaded online.
// - The patient's data: GET /me, /patients/{id}/home-program and /patients/{id}/portal, network
//   first, the last good answer kept and served when the network fails. The page deletes this
//   cache at logout (offline.ts ForgetOfflineData).
// Everything else (every write, every other read) goes to the network untouched: ticks made
// offline are queued by the page (offline.ts), not here.

// A module (the export), so this `self` is the worker's own type rather than the DOM's.
export {};
declare const self: ServiceWorkerGlobalScope;

const kShellCache = "backcare-portal-shell";
const kDataCache = "backcare-portal-data";
const kPage = "/portal";
const kCachedReads = /^\/api\/v1\/(?:me|patients\/\d+\/(?:home-program|portal))$/;

/** The /assets/ files a page loads (its scripts, styles and preloads). */
function AssetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
}

/** Keeps `page` as the shell with the assets it names, and drops assets it no longer names. */
async function KeepShell(page: Response): Promise<void> {
  const html = await page.clone().text();
  const assets = AssetsOf(html);
  const cache = await caches.open(kShellCache);
  await cache.addAll(assets);
  await cache.put(kPage, page);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path !== kPage && !assets.includes(path)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    fetch(kPage, { headers: { Accept: "text/html" }, cache: "no-store" })
      .then((page) => (page.ok ? KeepShell(page) : undefined))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== kShellCache && n !== kDataCache).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/** The page, from the network when it answers (kept as the new shell), else the kept shell. */
async function Page(request: Request): Promise<Response> {
  try {
    const page = await fetch(request);
    if (page.ok) await KeepShell(page.clone()).catch(() => undefined);
    return page;
  } catch (error) {
    const kept = await caches.match(kPage, { cacheName: kShellCache });
    if (kept) return kept;
    throw error;
  }
}

/** A hashed asset never changes: the kept copy, else the network's. */
async function Asset(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: kShellCache });
  return kept ?? fetch(request);
}

/** A read the portal needs offline: the network's answer (kept when good), else the kept one. */
async function Read(request: Request): Promise<Response> {
  try {
    const answer = await fetch(request);
    if (answer.ok) {
      const cache = await caches.open(kDataCache);
      await cache.put(request, answer.clone());
    } else if (answer.status === 401) {
      await caches.delete(kDataCache);  // the session ended: nothing of it is kept
    }
    return answer;
  } catch (error) {
    const kept = await caches.match(request, { cacheName: kDataCache });
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && /^\/portal(?:\/|$)/.test(url.pathname)) event.respondWith(Page(request));
  else if (url.pathname.startsWith("/assets/")) event.respondWith(Asset(request));
  else if (kCachedReads.test(url.pathname) && url.search === "") event.respondWith(Read(request));
});

// Web Push (the patient opted in under My details): the payload is "title\nbody" with no clinical
// detail (app/push_service.h); a tap opens the portal, in a tab already showing it when there is one.
self.addEventListener("push", (event) => {
  const text = event.data?.text() ?? "";
  const newline = text.indexOf("\n");
  const title = newline >= 0 ? text.slice(0, newline) : text || "Your clinic";
  const body = newline >= 0 ? text.slice(newline + 1) : "";
  event.waitUntil(self.registration.showNotification(title, { body, tag: "backcare-reminder", data: { url: kPage } }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname.startsWith(kPage));
      if (open) return open.focus().then(() => undefined);
      return self.clients.openWindow(kPage).then(() => undefined);
    }),
  );
});
