import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import {
  dashboardQueries,
  getVersion,
  listVersions,
  restoreVersion,
  type DashboardVersion,
} from "../../api/dashboards";
import { formatTime } from "../../lib/time";
import { Empty, ErrorState, Loading } from "../../ui/State";

/** Version history of one dashboard: every save is a version; restoring one saves it again as the newest. */
export function VersionsDialog(props: {
  dashboardId: string;
  utc: boolean;
  onClose: () => void;
  onRestored: (version: number) => void;
}) {
  const qc = useQueryClient();
  const list = useQuery(() => ({
    queryKey: dashboardQueries.versions(props.dashboardId),
    queryFn: () => listVersions(props.dashboardId),
  }));
  const [viewing, setViewing] = createSignal<number | null>(null);
  const [confirming, setConfirming] = createSignal<number | null>(null);
  const restore = useMutation(() => ({
    mutationFn: (n: number) => restoreVersion(props.dashboardId, n),
    onSuccess: async (d) => {
      await qc.invalidateQueries({ queryKey: dashboardQueries.all });
      setConfirming(null);
      props.onRestored(d.version);
    },
  }));
  let box!: HTMLDivElement;
  // Keyboard users land in the dialog and go back to the button that opened it.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  onMount(() => box.focus());
  onCleanup(() => opener?.isConnected && opener.focus());
  return (
    <div
      class="dialog-backdrop"
      onClick={(e) => e.target === e.currentTarget && props.onClose()}
      onKeyDown={(e) => e.key === "Escape" && props.onClose()}
    >
      <div
        ref={box}
        tabindex="-1"
        class="dialog stack dash-versions"
        role="dialog"
        aria-modal="true"
        aria-label="Dashboard versions"
      >
        <div class="row" style={{ "justify-content": "space-between", "flex-wrap": "nowrap" }}>
          <h2 style={{ margin: 0 }}>Version history</h2>
          <button class="btn" onClick={() => props.onClose()}>
            Close
          </button>
        </div>
        <p class="muted" style={{ margin: 0 }}>
          Every save is kept. Restoring an old version saves it as a new one, so nothing is lost.
        </p>
        <Switch>
          <Match when={list.isError}>
            <ErrorState title="Could not load the versions" error={list.error} retry={() => list.refetch()} />
          </Match>
          <Match when={list.isPending}>
            <Loading what="versions" />
          </Match>
          <Match when={(list.data?.versions.length ?? 0) === 0}>
            <Empty title="No versions recorded for this dashboard" />
          </Match>
          <Match when={list.data}>
            <ol class="dash-version-list" aria-label="Versions">
              <For each={list.data!.versions}>
                {(v) => (
                  <VersionRow
                    v={v}
                    current={v.version === list.data!.current}
                    utc={props.utc}
                    viewing={viewing() === v.version}
                    confirming={confirming() === v.version}
                    busy={restore.isPending}
                    dashboardId={props.dashboardId}
                    onView={() => setViewing(viewing() === v.version ? null : v.version)}
                    onAskRestore={() => (restore.reset(), setConfirming(v.version))}
                    onCancel={() => setConfirming(null)}
                    onRestore={() => restore.mutate(v.version)}
                  />
                )}
              </For>
            </ol>
          </Match>
        </Switch>
        <Show when={restore.isError}>
          <ErrorState title="Not restored" error={restore.error} />
        </Show>
      </div>
    </div>
  );
}

function VersionRow(props: {
  v: DashboardVersion;
  current: boolean;
  utc: boolean;
  viewing: boolean;
  confirming: boolean;
  busy: boolean;
  dashboardId: string;
  onView: () => void;
  onAskRestore: () => void;
  onCancel: () => void;
  onRestore: () => void;
}) {
  const n = () => props.v.version;
  return (
    <li class="dash-version" aria-current={props.current ? "true" : undefined}>
      <div class="row" style={{ "justify-content": "space-between" }}>
        <div style={{ "min-width": 0 }}>
          <strong>Version {n()}</strong>
          <Show when={props.current}>
            <span class="chip" style={{ "margin-left": "6px" }}>
              current
            </span>
          </Show>
          <div class="muted dash-version-meta">
            {props.v.createdBy} ·{" "}
            <time datetime={new Date(props.v.createdAt).toISOString()}>{formatTime(props.v.createdAt, props.utc)}</time>
            <Show when={props.v.title}> · “{props.v.title}”</Show>
          </div>
          <Show when={props.v.message}>
            <div class="dash-version-meta">{props.v.message}</div>
          </Show>
        </div>
        <div class="row">
          <button
            class="btn"
            aria-expanded={props.viewing}
            aria-label={`${props.viewing ? "Hide" : "View"} JSON of version ${n()}`}
            onClick={() => props.onView()}
          >
            {props.viewing ? "Hide JSON" : "View JSON"}
          </button>
          <Show when={!props.current}>
            <button
              class="btn"
              aria-label={`Restore version ${n()}`}
              disabled={props.busy}
              onClick={() => props.onAskRestore()}
            >
              Restore
            </button>
          </Show>
        </div>
      </div>
      <Show when={props.confirming}>
        <div class="dash-confirm row" role="group" aria-label={`Confirm restoring version ${n()}`}>
          <span>
            Restore version {n()}? The dashboard becomes a copy of it as a new version; the current one stays in
            history.
          </span>
          <button class="btn primary" disabled={props.busy} onClick={() => props.onRestore()}>
            {props.busy ? "Restoring…" : `Yes, restore version ${n()}`}
          </button>
          <button class="btn" onClick={() => props.onCancel()}>
            Cancel
          </button>
        </div>
      </Show>
      <Show when={props.viewing}>
        <VersionJson dashboardId={props.dashboardId} version={n()} />
      </Show>
    </li>
  );
}

function VersionJson(props: { dashboardId: string; version: number }) {
  const q = useQuery(() => ({
    queryKey: dashboardQueries.version(props.dashboardId, props.version),
    queryFn: () => getVersion(props.dashboardId, props.version),
  }));
  return (
    <Switch>
      <Match when={q.isError}>
        <ErrorState error={q.error} retry={() => q.refetch()} />
      </Match>
      <Match when={q.isPending}>
        <Loading what={`version ${props.version}`} />
      </Match>
      <Match when={q.data}>
        <pre class="mono dash-version-json" tabindex="0" aria-label={`JSON of version ${props.version}`}>
          {JSON.stringify(q.data!.model, null, 2)}
        </pre>
      </Match>
    </Switch>
  );
}
