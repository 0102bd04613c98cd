/// <reference lib="webworker" />
// The service worker (built by vite-plugin-pwa, injectManifest): precaches the app shell, shows push pages, and
// runs their actions. Acknowledge posts the page's single-purpose token, so it works from the lock screen. The last
// alert list, alerts and notebooks read are kept (sw/api-cache.ts), so they stay readable offline.
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { API_CACHE, CACHED_AT_HEADER, isOfflineRead } from "./sw/api-cache";
import { ACK_ACTION, ackOutcome, notificationOf, type PageData, readPage } from "./sw/notification";

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Opening or reloading a page (/alerts, /alerts/:id, ...) goes to the server as before; without a network the
// precached shell answers, and the page's reads come from the cache below. The server's own paths never do.
const shell = createHandlerBoundToURL("/index.html");
registerRoute(
  new NavigationRoute((options) => fetch(options.request).catch(() => shell(options)), {
    denylist: [/^\/(api|v1|webhooks)\//],
  }),
);

// The network first, always: the cache answers only when the request fails (no network, no server). No timeout:
// a slow answer on a loaded link must not be replaced by an older one (a comment just posted would vanish from
// the refetch). Only 200s are kept (no errors, no 401 for the next person), each stamped with when it was stored
// so the page can say "as of".
registerRoute(
  ({ url, request }) => isOfflineRead(url, request.method, self.location.origin),
  new NetworkFirst({
    cacheName: API_CACHE,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      {
        cacheWillUpdate: async ({ response }) => {
          const headers = new Headers(response.headers);
          headers.set(CACHED_AT_HEADER, String(Date.now()));
          return new Response(await response.blob(), {
            status: response.status,
            statusText: response.statusText,
            headers,
          });
        },
      },
    ],
  }),
);
self.addEventListener("install", () => void self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

self.addEventListener("push", (e) => {
  let raw: unknown = null;
  try {
    raw = e.data?.json();
  } catch {
    raw = null;
  }
  const page = readPage(raw);
  const shown = page
    ? notificationOf(page)
    : { title: "Vigil", options: { body: "Something needs your attention.", data: { url: "/alerts" } } };
  e.waitUntil(self.registration.showNotification(shown.title, shown.options as NotificationOptions));
});

self.addEventListener("notificationclick", (e) => {
  e.notification.close();
  e.waitUntil(runAction(e.notification, e.action));
});

// The same path a tap takes, asked for by a page (the browser tests, which cannot tap a system notification).
self.addEventListener("message", (e) => {
  const msg = e.data as { type?: string; tag?: string; action?: string } | null;
  if (msg?.type !== "vigil-notification-action" || typeof msg.tag !== "string") return;
  e.waitUntil(
    self.registration.getNotifications({ tag: msg.tag }).then(async (list) => {
      const n = list[0];
      if (!n) return;
      n.close();
      await runAction(n, msg.action ?? "");
    }),
  );
});

async function runAction(n: Notification, action: string): Promise<void> {
  const data = (n.data ?? {}) as Partial<PageData>;
  if (action === ACK_ACTION && data.ack && data.alertId) return acknowledge(n, data as PageData);
  return openPage(data.url ?? "/alerts");
}

async function acknowledge(n: Notification, data: PageData): Promise<void> {
  let res: { ok: boolean; message: string };
  try {
    const r = await fetch("/api/push/ack", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: data.ack, alertId: data.alertId }),
      credentials: "omit",
    });
    const body = (await r.json().catch(() => null)) as { error?: { message?: string } } | null;
    res = { ok: r.ok, message: body?.error?.message ?? `HTTP ${r.status}` };
  } catch {
    res = { ok: false, message: "no connection" };
  }
  const shown = ackOutcome({ title: n.title, tag: n.tag, data }, res);
  await self.registration.showNotification(shown.title, shown.options as NotificationOptions);
}

/** Focus a Vigil window already open (moving it to the alert), else open one. */
async function openPage(path: string): Promise<void> {
  const url = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const mine = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (mine) {
    const moved = await mine.navigate(url).catch(() => null);
    await (moved ?? mine).focus();
    return;
  }
  await self.clients.openWindow(url);
}
