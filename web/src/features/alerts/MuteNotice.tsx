import { useQuery } from "@tanstack/solid-query";
import { createSignal, For, onCleanup, Show } from "solid-js";
import { type Alert, listMutes } from "../../api/alerts";
import { muteQueries } from "../../api/queries";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";

const WARN_MS = 10 * 60_000;

/**
 * Which rules mute this alert, by whom and until when; a warning when the mute ends within ten minutes while
 * the alert still fires (it will page again then). Recurring rules end with their current window.
 */
export function MuteNotice(props: { alert: Alert; utc: boolean }) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => clearInterval(timer));
  const rules = useQuery(() => ({
    queryKey: muteQueries.list("active"),
    queryFn: () => listMutes("active"),
    enabled: props.alert.muted,
    refetchInterval: 60_000,
  }));
  // Read only once loaded: the query starts when the alert becomes muted, and reading a pending query's data
  // suspends the whole page (App's Suspense) just as the person goes on to comment.
  const holding = () =>
    (rules.isSuccess ? rules.data : []).filter((r) => r.holding?.alerts.some((a) => a.id === props.alert.id));
  const endsAt = () => Math.max(0, ...holding().map((r) => r.holdsUntil ?? r.endsAt));
  const soon = () => props.alert.state === "firing" && endsAt() > 0 && endsAt() - now() <= WARN_MS;
  return (
    <Show when={props.alert.muted && holding().length}>
      <section class="card" aria-label="Muted">
        <Show when={soon()}>
          <p role="alert" style={{ margin: "0 0 6px", color: "var(--warn, #b26a00)", "font-weight": 600 }}>
            The mute ends in {Math.max(0, Math.ceil((endsAt() - now()) / 60_000))} min while this alert fires: it will
            notify again then.
          </p>
        </Show>
        <For each={holding()}>
          {(r) => (
            <div>
              Muted until {formatTime(r.holdsUntil ?? r.endsAt, props.utc)} by @{r.creator?.handle ?? r.createdBy}
              <Show when={r.comment}>: {r.comment}</Show> <Link href="/muting?status=active">muting rules</Link>
            </div>
          )}
        </For>
      </section>
    </Show>
  );
}
