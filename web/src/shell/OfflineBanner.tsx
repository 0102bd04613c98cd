// "As of 14:05, offline": while the device has no network, the page shows what was last read (the service worker's
// cache), and says how old it is. The status region is always there, empty when online, so screen readers
// announce the change rather than maybe missing a region that appears with its text.
import { createSignal, onCleanup, Show } from "solid-js";
import { asOf } from "../api/freshness";
import { offlineText } from "./offline-text";

export function OfflineBanner(props: { utc: boolean }) {
  const [online, setOnline] = createSignal(navigator.onLine);
  const on = () => setOnline(true);
  const off = () => setOnline(false);
  window.addEventListener("online", on);
  window.addEventListener("offline", off);
  onCleanup(() => {
    window.removeEventListener("online", on);
    window.removeEventListener("offline", off);
  });
  return (
    <div class="offline-banner" role="status">
      <Show when={!online()}>{offlineText(asOf(), Date.now(), props.utc)}</Show>
    </div>
  );
}
