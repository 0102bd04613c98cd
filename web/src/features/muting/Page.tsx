import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { expireMute, extendMute, listMutes } from "../../api/alerts";
import { listMonitors, monitorQueries } from "../../api/monitors";
import { muteQueries } from "../../api/queries";
import { createGlobals } from "../../lib/globals";
import { formatTime } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Chip } from "../../ui/Chip";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { MuteDialog } from "../alerts/MuteDialog";
import { describeIntervals, type TimeIntervalSpec } from "./recurrence";
import { InhibitRules } from "./InhibitRules";

/** Muting rules: active, scheduled and expired; expire early or extend; create from scratch with a preview. */
export default function MutingPage() {
  const g = createGlobals();
  // `?id=` (linked from an incident's timeline) marks one rule; it may have expired, so all are listed then.
  const selected = () => g.params().get("id");
  const status = () => g.params().get("status") ?? (selected() ? "all" : "active");
  const [creating, setCreating] = createSignal(false);
  const qc = useQueryClient();
  const list = useQuery(() => ({ queryKey: muteQueries.list(status()), queryFn: () => listMutes(status()) }));
  const done = () => qc.invalidateQueries({ queryKey: muteQueries.all });
  const expire = useMutation(() => ({ mutationFn: expireMute, onSuccess: done }));
  const extend = useMutation(() => ({ mutationFn: (id: string) => extendMute(id, "1h"), onSuccess: done }));
  // Rules store the monitor's id; people know it by name.
  const monitors = useQuery(() => ({
    queryKey: monitorQueries.list(),
    queryFn: () => listMonitors(),
    staleTime: 60_000,
  }));
  const monitorName = (id: string) => monitors.data?.find((m) => m.id === id)?.name ?? id;
  const shown = () => list.data ?? [];
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>Muting rules</h1>
        <button class="btn primary" onClick={() => setCreating(true)}>
          New muting rule
        </button>
      </div>
      <Show when={creating()}>
        <MuteDialog prefill={{}} onClose={() => (setCreating(false), void done())} />
      </Show>
      <div class="row" role="tablist" aria-label="Rule status">
        <For each={["active", "scheduled", "expired", "all"]}>
          {(s) => (
            <button
              class="btn"
              role="tab"
              aria-selected={status() === s}
              onClick={() => setSearch({ status: s === "active" ? null : s, id: null })}
            >
              {s}
            </button>
          )}
        </For>
      </div>
      <Show when={expire.error || extend.error}>
        <ErrorState error={expire.error ?? extend.error} />
      </Show>
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} />
        </Match>
        <Match when={list.isPending}>
          <Loading what="muting rules" />
        </Match>
        <Match when={shown().length === 0}>
          <Empty title={`No ${status() === "all" ? "" : status() + " "}muting rules`}>
            <p>Mute from an alert (its labels are pre-filled) or create a rule here.</p>
          </Empty>
        </Match>
        <Match when={true}>
          <Show when={selected() && !shown().some((r) => r.id === selected())}>
            <p class="muted" role="status">
              Muting rule {selected()} is not listed: it was deleted, or expired more than 7 days ago.
            </p>
          </Show>
          <ul
            class="stack"
            style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }}
            aria-label="Muting rules"
          >
            <For each={shown()}>
              {(r) => (
                <li
                  class="card stack"
                  style={{
                    gap: "6px",
                    ...(r.id === selected() ? { outline: "2px solid var(--accent)" } : {}),
                  }}
                  aria-current={r.id === selected() ? "true" : undefined}
                  data-id={r.id}
                  ref={(el) => r.id === selected() && queueMicrotask(() => el.scrollIntoView?.({ block: "center" }))}
                >
                  <div class="row">
                    <Chip label={r.status} class={r.status === "active" ? "sev-warning" : "sev-muted"} />
                    <Show when={r.monitorId}>
                      {(id) => (
                        <span>
                          monitor <Link href={`/monitors/${encodeURIComponent(id())}`}>{monitorName(id())}</Link>
                        </span>
                      )}
                    </Show>
                    <For each={r.matchers}>{(m) => <Chip label={`${m.name}${m.op}${m.value}`} />}</For>
                  </div>
                  <div class="muted">
                    {formatTime(r.startsAt, g.utc(), false)} → {formatTime(r.endsAt, g.utc(), false)} · by @
                    {r.creator?.handle ?? r.createdBy}
                    <Show when={r.comment}> · {r.comment}</Show>
                  </div>
                  <Show when={describeIntervals(r.timeIntervals as TimeIntervalSpec[] | null | undefined)}>
                    {(d) => <div>Recurring: {d()}</div>}
                  </Show>
                  <Show when={r.holding?.count}>
                    <div aria-label="Holds back">
                      Holds back {r.holding!.count} alert{r.holding!.count === 1 ? "" : "s"}:{" "}
                      <For each={r.holding!.alerts}>
                        {(a) => (
                          <Link href={`/alerts/${encodeURIComponent(a.id)}`} style={{ "margin-right": "8px" }}>
                            {a.monitorName}{" "}
                            {Object.entries(a.signalLabels)
                              .map(([k, v]) => `${k}=${v}`)
                              .join(" ")}
                          </Link>
                        )}
                      </For>
                    </div>
                  </Show>
                  <Show when={r.status !== "expired"}>
                    <div class="row">
                      <button class="btn" onClick={() => extend.mutate(r.id)}>
                        Extend 1h
                      </button>
                      <button class="btn danger" onClick={() => expire.mutate(r.id)}>
                        Expire now
                      </button>
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
      <InhibitRules />
    </section>
  );
}
