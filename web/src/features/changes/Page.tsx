import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { changeCategories, changeQueries, createChange, getChange, listChanges } from "../../api/changes";
import { createGlobals } from "../../lib/globals";
import { resolveRange } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { createLiveFeed } from "../../api/live";
import { refetchAfterEvent } from "../../api/live-refresh";
import { LiveBadge } from "../alerts/LiveBadge";
import { ChangeCard } from "./ChangeCard";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { CreateChangeForm } from "./CreateChangeForm";

/** Change events (deploys, rollbacks, flags) in the global range; filter by category and text; create one. */
export default function ChangesPage() {
  const g = createGlobals();
  const category = () => g.params().get("category") ?? "";
  const text = () => g.params().get("q") ?? "";
  const [creating, setCreating] = createSignal(g.params().get("new") === "1");
  const labels = () =>
    g
      .scope()
      .map((c) => `${c.key}=${c.value}`)
      .join(",") || undefined;
  // The key holds the range expressions ("now-1h"); times resolve at fetch time so a refetch sees new events.
  const filter = createMemo(() => ({
    range: g.range(),
    category: category() || undefined,
    q: text() || undefined,
    labels: labels(),
  }));
  const list = useQuery(() => ({
    queryKey: changeQueries.list(filter()),
    queryFn: () => {
      const { range, ...rest } = filter();
      const w = resolveRange(range, Date.now());
      return listChanges({ ...rest, from: w.start, to: w.end });
    },
  }));
  const selectedId = () => g.params().get("id");
  const selected = useQuery(() => ({
    queryKey: changeQueries.detail(selectedId() ?? ""),
    queryFn: () => getChange(selectedId()!),
    enabled: !!selectedId(),
  }));
  const qc = useQueryClient();
  // Live: a change recorded anywhere (a deploy tool, the rollback, an alert) appears without a reload.
  const [fresh, setFresh] = createSignal(new Set<string>());
  const [outside, setOutside] = createSignal(0);
  const live = createLiveFeed(
    (m) => {
      if (m.topic !== "changes" || m.event.kind !== "change_event") return;
      const id = String(m.event.data.id ?? "");
      const at = Number(m.event.data.happenedAt ?? m.at);
      const w = resolveRange(g.range(), Date.now());
      if (at < w.start || at > w.end) return void setOutside((n) => n + 1);
      setFresh((s) => new Set(s).add(id));
      void refetchAfterEvent(qc, changeQueries.all);
    },
    // Events were lost (a gap frame): the list may miss any of them.
    () => void refetchAfterEvent(qc, changeQueries.all),
  );
  const create = useMutation(() => ({
    mutationFn: createChange,
    onSuccess: () => {
      setCreating(false);
      void qc.invalidateQueries({ queryKey: changeQueries.all });
    },
  }));
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <div class="row">
          <h1 style={{ margin: 0 }}>Changes</h1>
          <LiveBadge status={live()} />
        </div>
        <button class="btn primary" aria-expanded={creating()} onClick={() => setCreating(!creating())}>
          New change event
        </button>
      </div>
      <Show when={creating()}>
        <CreateChangeForm
          pending={create.isPending}
          error={create.error}
          onSubmit={(b) => create.mutate(b)}
          onCancel={() => setCreating(false)}
        />
      </Show>
      <div class="row" role="search">
        <label class="field">
          Category
          <select value={category()} onChange={(e) => setSearch({ category: e.currentTarget.value || null })}>
            <option value="">all</option>
            <For each={changeCategories}>{(c) => <option value={c}>{c}</option>}</For>
          </select>
        </label>
        <label class="field">
          Search titles
          <input
            type="search"
            value={text()}
            onChange={(e) => setSearch({ q: e.currentTarget.value || null })}
            placeholder="checkout-service"
          />
        </label>
      </div>
      <Show when={selectedId()}>
        <section aria-label="Selected change" class="stack" style={{ gap: "6px" }}>
          <Switch>
            <Match when={selected.isError}>
              <ErrorState error={selected.error} retry={() => selected.refetch()} title="Could not load this change" />
            </Match>
            <Match when={selected.data}>
              {(e) => (
                <ul style={{ "list-style": "none", padding: 0, margin: 0 }}>
                  <ChangeCard event={e()} utc={g.utc()} />
                </ul>
              )}
            </Match>
          </Switch>
          <button class="btn ghost" style={{ "align-self": "flex-start" }} onClick={() => setSearch({ id: null })}>
            Show all changes
          </button>
        </section>
      </Show>
      <Show when={outside() > 0}>
        <p class="card" role="status">
          {outside()} new change{outside() === 1 ? "" : "s"} outside this pinned range.{" "}
          <button class="btn" onClick={() => (setOutside(0), setSearch({ from: null, to: null }, { push: true }))}>
            Show the last hour
          </button>
        </p>
      </Show>
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} />
        </Match>
        <Match when={list.isPending}>
          <Loading what="change events" />
        </Match>
        <Match when={list.data!.events.length === 0}>
          <Empty title="No change events in this range">
            <p>Widen the time range or the filters. Deploy tools post to /api/change-events with an ingest token.</p>
          </Empty>
        </Match>
        <Match when={true}>
          <ul
            class="stack"
            style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }}
            aria-label="Change events"
          >
            <For each={list.data!.events}>
              {(e) => <ChangeCard event={e} utc={g.utc()} fresh={fresh().has(e.id)} />}
            </For>
          </ul>
        </Match>
      </Switch>
    </section>
  );
}
