import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import {
  dashboardQueries,
  favoriteId,
  importDashboard,
  listDashboards,
  listFavorites,
  setFavorite,
} from "../../api/dashboards";
import { createGlobals } from "../../lib/globals";
import { navigate } from "../../lib/router";
import { setSearch } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";

export default function DashboardsListPage() {
  const g = createGlobals();
  const qc = useQueryClient();
  const text = () => (g.params().get("q") ?? "").toLowerCase();
  const list = useQuery(() => ({ queryKey: dashboardQueries.list(), queryFn: listDashboards }));
  const favs = useQuery(() => ({ queryKey: dashboardQueries.favorites(), queryFn: listFavorites }));
  // Favourites only once loaded: reading a pending query's data would suspend the whole list.
  const favSet = createMemo(
    () => new Set((favs.isSuccess ? favs.data : []).filter((f) => f.kind === "dashboard").map(favoriteId)),
  );
  // Favourites first, then by title.
  const shown = createMemo(() =>
    (list.data ?? [])
      .filter((d) => !text() || `${d.title} ${d.tags.join(" ")}`.toLowerCase().includes(text()))
      .sort((a, b) => Number(favSet().has(b.id)) - Number(favSet().has(a.id)) || a.title.localeCompare(b.title)),
  );
  const fav = useMutation(() => ({
    mutationFn: (v: { id: string; title: string; on: boolean }) => setFavorite("dashboard", v.id, v.on, v.title),
    onSuccess: () => void qc.invalidateQueries({ queryKey: dashboardQueries.favorites() }),
  }));
  const [importErr, setImportErr] = createSignal<unknown>(null);
  const doImport = async (file: File | undefined) => {
    if (!file) return;
    setImportErr(null);
    try {
      const d = await importDashboard(JSON.parse(await file.text()));
      await qc.invalidateQueries({ queryKey: dashboardQueries.all });
      navigate(`/dashboards/${d.id}`);
    } catch (e) {
      setImportErr(e instanceof SyntaxError ? new Error(`${file.name} is not valid JSON: ${e.message}`) : e);
    }
  };
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>Dashboards</h1>
        <label class="btn">
          Import JSON
          <input
            type="file"
            accept="application/json,.json"
            aria-label="Import dashboard JSON"
            style={{ position: "absolute", opacity: 0, width: "1px", height: "1px" }}
            onChange={(e) => void doImport(e.currentTarget.files?.[0])}
          />
        </label>
      </div>
      <input
        type="search"
        aria-label="Filter dashboards"
        placeholder="Filter by title or tag"
        value={g.params().get("q") ?? ""}
        onInput={(e) => setSearch({ q: e.currentTarget.value || null })}
      />
      <Show when={importErr()}>
        <ErrorState title="Import failed" error={importErr()} />
      </Show>
      <Switch>
        <Match when={list.isError}>
          <ErrorState error={list.error} retry={() => list.refetch()} />
        </Match>
        <Match when={list.isPending}>
          <Loading what="dashboards" />
        </Match>
        <Match when={shown().length === 0}>
          <Empty title={text() ? "No dashboard matches this filter" : "No dashboards yet"}>
            <p>
              Import a dashboard JSON export, or open the provisioned Commerce Checkout Dashboard once it is listed.
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <ul class="stack" style={{ "list-style": "none", padding: 0, margin: 0 }} aria-label="Dashboards">
            <For each={shown()}>
              {(d) => (
                <li class="card row" style={{ "justify-content": "space-between", "flex-wrap": "nowrap" }}>
                  <div style={{ "min-width": 0 }}>
                    <Link href={`/dashboards/${d.id}`}>
                      <strong>{d.title}</strong>
                    </Link>
                    <div class="muted" style={{ "overflow-wrap": "anywhere" }}>
                      {d.panelCount} panels · v{d.version}
                      {d.tags.length ? ` · ${d.tags.join(", ")}` : ""}
                    </div>
                  </div>
                  <button
                    class="btn"
                    aria-pressed={favSet().has(d.id)}
                    aria-label={`${favSet().has(d.id) ? "Unfavorite" : "Favorite"} ${d.title}`}
                    onClick={() => fav.mutate({ id: d.id, title: d.title, on: !favSet().has(d.id) })}
                  >
                    {favSet().has(d.id) ? "★" : "☆"}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
    </section>
  );
}
