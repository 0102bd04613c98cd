import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { changeCategories, changeQueries, createChange, listChanges } from "../../api/changes";
import { createGlobals } from "../../lib/globals";
import { formatTime, resolveRange } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { Chip } from "../../ui/Chip";
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
  const qc = useQueryClient();
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
        <h1 style={{ margin: 0 }}>Changes</h1>
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
              {(e) => (
                <li class="card">
                  <div class="row" style={{ "justify-content": "space-between" }}>
                    <strong>{e.title}</strong>
                    <time class="muted" dateTime={new Date(e.happenedAt).toISOString()}>
                      {formatTime(e.happenedAt, g.utc())}
                    </time>
                  </div>
                  <div class="row muted" style={{ "margin-top": "4px" }}>
                    <Chip label={e.category} />
                    <span>
                      {e.source} · {e.createdBy}
                    </span>
                    <For each={Object.entries(e.labels)}>{([k, v]) => <Chip label={`${k}=${v}`} />}</For>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
    </section>
  );
}
