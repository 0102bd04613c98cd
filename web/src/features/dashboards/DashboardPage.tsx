import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createMemo, createSignal, For, Match, Show, Suspense, Switch } from "solid-js";
import type { DashboardModel, Panel } from "../../../../core/contracts/dashboards";
import {
  dashboardEvents,
  dashboardQueries,
  exportDashboard,
  favoriteId,
  getDashboard,
  listFavorites,
  saveDashboard,
  setFavorite,
} from "../../api/dashboards";
import { createGlobals } from "../../lib/globals";
import { resolveRange, stepFor } from "../../lib/time";
import { setSearch } from "../../lib/url-state";
import { ErrorState, Loading } from "../../ui/State";
import { EditPanel } from "./EditPanel";
import { gridArea, newPanel, readingOrder, scopedVars, toChartMarkers, varsFromUrl } from "./layout";
import { PanelView } from "./PanelView";
import { VersionsDialog } from "./VersionsDialog";
import "./dashboards.css";

export default function DashboardPage(props: { params: Record<string, string> }) {
  const id = () => props.params.id!;
  const g = createGlobals();
  const qc = useQueryClient();
  const dash = useQuery(() => ({ queryKey: dashboardQueries.one(id()), queryFn: () => getDashboard(id()) }));
  const favs = useQuery(() => ({ queryKey: dashboardQueries.favorites(), queryFn: listFavorites }));
  // Data is read only once loaded: reading a pending query's data suspends the whole page (App's Suspense).
  const isFav = () => favs.isSuccess && favs.data.some((f) => f.kind === "dashboard" && favoriteId(f) === id());
  const [now, setNow] = createSignal(Date.now());
  const win = createMemo(() => {
    const r = resolveRange(g.range(), now());
    return { ...r, step: stepFor(r.start, r.end) };
  });
  const scoped = createMemo(() =>
    dash.data
      ? scopedVars(dash.data.model, varsFromUrl(dash.data.model, g.params()), g.scope())
      : { vars: {}, fromScope: new Set<string>() },
  );
  const vars = () => scoped().vars;
  const events = useQuery(() => ({
    queryKey: dashboardQueries.events(id(), win().start, win().end, JSON.stringify(vars())),
    queryFn: () => dashboardEvents(id(), win().start, win().end, vars()),
    enabled: !!dash.data,
    placeholderData: keepPreviousData,
  }));
  const markers = createMemo(() => toChartMarkers(events.isSuccess ? events.data : []));
  const editing = () => g.params().get("edit") === "1";
  const [draft, setDraft] = createSignal<DashboardModel | null>(null);
  const model = () => (editing() ? draft() : null) ?? dash.data?.model;
  // Edit mode lives in the URL; the draft starts from the saved model whenever it is entered.
  createEffect(() => {
    if (editing() && dash.data && !draft()) setDraft(JSON.parse(JSON.stringify(dash.data.model)) as DashboardModel);
    if (!editing()) setDraft(null);
  });
  const [note, setNote] = createSignal("");
  const panelIds = createMemo(() => readingOrder(model()?.panels ?? []).map((p) => p.id), [], {
    equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
  });
  const startEdit = () => setSearch({ edit: "1" });
  const save = useMutation(() => ({
    mutationFn: () => saveDashboard(id(), draft()!, dash.data!.version, note().trim() || undefined),
    onSuccess: () => (
      setNote(""), setSearch({ edit: null }), void qc.invalidateQueries({ queryKey: dashboardQueries.all })
    ),
  }));
  const fav = useMutation(() => ({
    mutationFn: (on: boolean) => setFavorite("dashboard", id(), on, dash.data?.title),
    onSuccess: () => void qc.invalidateQueries({ queryKey: dashboardQueries.favorites() }),
  }));
  // The dialog's open state is in the URL so a link can open the history directly.
  const showVersions = () => g.params().get("versions") === "1";
  const [restored, setRestored] = createSignal<string | null>(null);
  const download = async () => {
    const f = await exportDashboard(id());
    const a = document.createElement("a");
    a.href = URL.createObjectURL(f.blob);
    a.download = f.name;
    a.click();
    // Revoking in the same task can cancel the download before the browser has read the blob.
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  return (
    <section class="stack">
      <Switch>
        <Match when={dash.isError}>
          <ErrorState title="Could not load the dashboard" error={dash.error} retry={() => dash.refetch()} />
        </Match>
        <Match when={dash.data && model()}>
          <div class="row" style={{ "justify-content": "space-between" }}>
            <Show when={editing() && draft()} fallback={<h1 style={{ margin: 0 }}>{model()!.title}</h1>}>
              <label class="row">
                <span>Title</span>
                <input
                  value={draft()!.title}
                  onInput={(e) => setDraft({ ...draft()!, title: e.currentTarget.value })}
                />
              </label>
            </Show>
            <div class="row">
              <button
                class="btn"
                aria-pressed={isFav()}
                aria-label={isFav() ? "Remove from favorites" : "Add to favorites"}
                onClick={() => fav.mutate(!isFav())}
              >
                {isFav() ? "★" : "☆"}
              </button>
              <button class="btn" onClick={() => setNow(Date.now())}>
                Refresh
              </button>
              <button class="btn" onClick={() => void download()}>
                Export JSON
              </button>
              <button
                class="btn"
                aria-haspopup="dialog"
                onClick={() => (setRestored(null), setSearch({ versions: "1" }))}
              >
                Versions
              </button>
              <Show
                when={editing()}
                fallback={
                  <button class="btn" onClick={startEdit}>
                    Edit
                  </button>
                }
              >
                <button class="btn" onClick={() => setSearch({ edit: null })}>
                  Cancel
                </button>
                <input
                  aria-label="Change note"
                  placeholder="What changed (optional)"
                  maxLength={500}
                  value={note()}
                  onInput={(e) => setNote(e.currentTarget.value)}
                />
                <button class="btn primary" disabled={save.isPending} onClick={() => save.mutate()}>
                  Save
                </button>
              </Show>
            </div>
          </div>
          <Show when={showVersions()}>
            <VersionsDialog
              dashboardId={id()}
              utc={g.utc()}
              onClose={() => setSearch({ versions: null })}
              onRestored={(v) => (setRestored(`Restored as version ${v}.`), setSearch({ versions: null, edit: null }))}
            />
          </Show>
          <Show when={restored()}>
            <p role="status" class="muted" style={{ margin: 0 }}>
              {restored()}
            </p>
          </Show>
          <Show when={save.isError}>
            <ErrorState title="Not saved" error={save.error} />
          </Show>
          <p class="muted" style={{ margin: 0 }}>
            Version {dash.data!.version}
            {dash.data!.provisioned ? " · provisioned with Vigil" : ""}
            <Show when={events.isSuccess && events.data.length}> · {markers().length} change event(s) in range</Show>
          </p>
          <Show when={model()!.variables.length}>
            <div class="row dash-vars" role="group" aria-label="Dashboard variables">
              <For each={model()!.variables}>
                {(v) => (
                  <label class="row">
                    <span>{v.label ?? v.name}</span>
                    <Show
                      when={!scoped().fromScope.has(v.name)}
                      fallback={
                        <>
                          <select aria-label={v.label ?? v.name} disabled value={vars()[v.name]}>
                            <option value={vars()[v.name]}>{vars()[v.name]}</option>
                          </select>
                          <span class="chip" title="Set by the pinned scope; unpin it to choose">
                            pinned scope
                          </span>
                        </>
                      }
                    >
                      <select
                        aria-label={v.label ?? v.name}
                        value={vars()[v.name] ?? ""}
                        onChange={(e) => setSearch({ [`var-${v.name}`]: e.currentTarget.value })}
                      >
                        <For each={v.options ?? []}>{(o) => <option value={o}>{o === ".*" ? "All" : o}</option>}</For>
                      </select>
                    </Show>
                  </label>
                )}
              </For>
            </div>
          </Show>
          <div class="dash-grid" classList={{ editing: editing() }}>
            {/* Keyed by panel id, not by panel object: an edit replaces the object, and re-creating the cell
                would drop the editor's focus and restart the panel's queries. */}
            <For each={panelIds()}>
              {(pid) => {
                const p = () => model()!.panels.find((x) => x.id === pid)!;
                return (
                  <Show when={model()?.panels.some((x) => x.id === pid)}>
                    <div class="dash-cell" style={gridArea(p())}>
                      <Show when={editing()}>
                        <EditPanel
                          panel={p()}
                          onChange={(np) =>
                            setDraft({ ...draft()!, panels: draft()!.panels.map((x) => (x.id === pid ? np : x)) })
                          }
                          onRemove={() =>
                            setDraft({ ...draft()!, panels: draft()!.panels.filter((x) => x.id !== pid) })
                          }
                        />
                      </Show>
                      {/* A panel that is still loading must never blank the page (and the editor's focus) above it. */}
                      <Suspense fallback={<Loading what="panel" />}>
                        <PanelView
                          panel={p()}
                          ctx={{
                            dashboardId: id(),
                            vars: vars(),
                            scope: g.scope(),
                            win: win(),
                            range: g.range(),
                            markers: markers(),
                            utc: g.utc(),
                            markdownHtml: dash.data!.markdownHtml[pid],
                          }}
                        />
                      </Suspense>
                    </div>
                  </Show>
                );
              }}
            </For>
          </div>
          <Show when={editing()}>
            <AddPanelButton
              onAdd={(p) => setDraft({ ...draft()!, panels: [...draft()!.panels, p] })}
              model={draft()!}
            />
          </Show>
        </Match>
        <Match when={true}>
          <Loading what="dashboard" />
        </Match>
      </Switch>
    </section>
  );
}

function AddPanelButton(props: { model: DashboardModel; onAdd: (p: Panel) => void }) {
  return (
    <button class="btn" onClick={() => props.onAdd(newPanel(props.model))}>
      Add panel
    </button>
  );
}
