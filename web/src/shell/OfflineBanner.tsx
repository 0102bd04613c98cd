// "As of 14:05, offline": while the server is out of reach, the page shows what was last read (the service
// worker's cache) and says how old it is. The status region is always there, empty when online, so screen readers
// announce the change rather than maybe missing a region that appears with its text.
import { Show } from "solid-js";
import { asOf, offline } from "../api/freshness";
import { offlineText } from "./offline-text";

export function OfflineBanner(props: { utc: boolean }) {
  return (
    <div class="offline-banner" role="status">
      <Show when={offline()}>{offlineText(asOf(), Date.now(), props.utc)}</Show>
    </div>
  );
}
