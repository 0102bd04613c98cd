// The live feed: one WebSocket per tab to /api/live (live-connection.ts keeps it alive), resuming from the last
// event id so a wall that lost the network catches up on the transitions it missed. Frames are zod-validated.
import { createSignal, onCleanup } from "solid-js";
import { LiveConnection, type LiveMessage, type LiveStatus } from "./live-connection";
import { liveUrl } from "./live-backoff";
import { me } from "./session";
import { token } from "./token";

export type { LiveMessage, LiveStatus } from "./live-connection";

type Listener = (m: LiveMessage) => void;

const listeners = new Set<Listener>();
const resyncers = new Set<() => void>();
const [status, setStatus] = createSignal<LiveStatus>("offline");

// Each applied event and resync is also announced on window, so the page's behaviour can be observed from
// outside (the wall restart test counts every event a Chromium wall applied).
const announce = (name: string, detail?: unknown) =>
  typeof window !== "undefined" && window.dispatchEvent(new CustomEvent(name, { detail }));

/** The shared topics, plus mentions of me on my own topic (the server lets nobody else subscribe to it). */
function topics(): string[] {
  const who = me();
  return ["alerts", "changes", "comments", "mutes", ...(who ? [`user:${who.userId}`] : [])];
}

const connection = new LiveConnection({
  // A pasted token rides in the URL; a session's cookie goes with the upgrade by itself.
  url: (lastId) => (token() || me() ? liveUrl(location, token(), topics(), lastId) : null),
  socket: (url) => new WebSocket(url),
  topics,
  onEvent: (m) => {
    announce("vigil:live-event", { id: m.id, topic: m.topic, kind: m.event.kind });
    for (const l of listeners) l(m);
  },
  onResync: () => {
    announce("vigil:live-resync");
    for (const r of resyncers) r();
  },
  onStatus: setStatus,
});

if (typeof window !== "undefined") {
  window.addEventListener("online", () => connection.kick());
  // Background tabs get their timers throttled: coming back to the tab retries at once.
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && connection.kick());
}

/** Subscribe for the life of the calling component; returns the connection status. `onResync` runs when
 * events were lost and whatever they patch must be refetched. */
export function createLiveFeed(onEvent: Listener, onResync?: () => void) {
  listeners.add(onEvent);
  if (onResync) resyncers.add(onResync);
  connection.start();
  onCleanup(() => {
    listeners.delete(onEvent);
    if (onResync) resyncers.delete(onResync);
    if (listeners.size === 0) connection.stop();
  });
  return status;
}
