/**
 * Register the service worker (web/src/sw.ts, built to /sw.js): it makes the app installable and shows push pages.
 * Only in a built app: the dev server has no /sw.js, and a worker caching dev modules would get in the way.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  // After load, so it never competes with the first render for the network.
  const go = () =>
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((err: unknown) => {
      console.warn("service worker not registered:", err);
    });
  if (document.readyState === "complete") void go();
  else window.addEventListener("load", () => void go(), { once: true });
}
