import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import DOMPurify from "dompurify";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { addAlertComment, displayState, getAlertDetail, setResolutionNote, type Alert } from "../../api/alerts";
import { alertQueries } from "../../api/queries";
import { createGlobals } from "../../lib/globals";
import { MentionTextarea } from "../../ui/MentionTextarea";
import { draft } from "../../lib/drafts";
import { formatTime } from "../../lib/time";
import { Chip, SeverityChip } from "../../ui/Chip";
import { Link } from "../../ui/Link";
import { ErrorState, Loading } from "../../ui/State";
import { explorerHref } from "../explorer/url";
import { LikelyCause } from "../ddx/LikelyCause";
import { AddToNotebook } from "../notebooks/AddToNotebook";
import { AckPanel } from "./AckPanel";
import { MonitorComments } from "../monitors/MonitorComments";
import { AlertChart } from "./AlertChart";
import { conditionText, currentValue, valueText } from "./condition";
import { HealthChip } from "../monitors/Health";
import { clockTime, healthLine } from "../monitors/health";
import { Annotations } from "./Annotations";
import { createLiveAlerts } from "./live-alerts";
import { LiveBadge } from "./LiveBadge";
import { MuteDialog } from "./MuteDialog";
import { MuteNotice } from "./MuteNotice";
import { InhibitNotice } from "./InhibitNotice";
import { IncidentLink } from "./IncidentLink";

/** DDx for this alert: its own signal as matchers, from the first crossing (less the time it took to sustain) to
 * the resolution or now, against the period of the same length before. */
function ddxHref(query: string, a: Alert): string {
  const p = new URLSearchParams({ q: query, alert: a.id });
  for (const [k, v] of Object.entries(a.signalLabels)) p.append("match", `${k}=${v}`);
  const lead = Math.max(60_000, (a.firingAt ?? a.startedAt) - a.startedAt);
  p.set("from", String(a.startedAt - lead));
  p.set("to", String(a.resolvedAt ?? Date.now()));
  return `/ddx?${p.toString()}`;
}

export default function AlertDetailPage(props: { params: Record<string, string> }) {
  const g = createGlobals();
  const id = () => props.params.id;
  const qc = useQueryClient();
  const detail = useQuery(() => ({ queryKey: alertQueries.detail(id()), queryFn: () => getAlertDetail(id()) }));
  const live = createLiveAlerts();
  const [muting, setMuting] = createSignal(false);
  const [comment, setComment] = draft(() => `alert-comment:${id()}`);
  const [note, setNote] = draft(() => `alert-note:${id()}`);
  const refresh = () => qc.invalidateQueries({ queryKey: alertQueries.detail(id()) });
  const addComment = useMutation(() => ({
    mutationFn: () => addAlertComment(id(), comment()),
    onSuccess: () => (setComment(""), void refresh()),
  }));
  const saveNote = useMutation(() => ({
    mutationFn: () => setResolutionNote(id(), note()),
    onSuccess: () => (setNote(""), void refresh()),
  }));
  return (
    <Switch>
      <Match when={detail.isError}>
        <ErrorState error={detail.error} retry={() => detail.refetch()} />
      </Match>
      <Match when={detail.isPending}>
        <Loading what="alert" />
      </Match>
      <Match when={detail.data}>
        {(d) => {
          const a = () => d().alert;
          const q = () => d().monitor?.query ?? "";
          const unit = () => d().monitor?.unit ?? "";
          return (
            <article class="stack">
              <header class="stack" style={{ gap: "6px" }}>
                <div class="row">
                  <SeverityChip state={displayState(a())} />
                  <h1 style={{ margin: 0 }}>{a().monitorName}</h1>
                  <span class="muted" aria-label="Alert state">
                    {a().state}
                  </span>
                  <LiveBadge status={live()} />
                </div>
                <div class="row" aria-label="Signal">
                  <For each={Object.entries(a().signalLabels)}>{([k, v]) => <Chip label={`${k}=${v}`} />}</For>
                </div>
                <p class="alert-condition" aria-label="Condition">
                  <For each={d().thresholds}>
                    {(t, i) => (
                      <>
                        {i() > 0 ? "; " : ""}
                        <strong>{t.severity}</strong> when the value is{" "}
                        <span class="mono">{conditionText(t, unit())}</span>
                      </>
                    )}
                  </For>
                </p>
                <Show when={a().state === "nodata" && a().noDataSince}>
                  <p class="nodata-line" role="status" aria-label="No data">
                    No data since {clockTime(a().noDataSince!, g.utc())}: the page stays open until data shows the
                    condition has cleared.
                  </p>
                </Show>
                <Show when={d().monitorHealth}>
                  {(h) => (
                    <section class="row" aria-label="Monitor health" style={{ gap: "6px" }}>
                      <span class="muted">Monitor</span>
                      <HealthChip health={h()} />
                      <Show when={h().health !== "ok"}>
                        <span style={{ "overflow-wrap": "anywhere" }}>
                          {healthLine(h(), d().monitor?.intervalSeconds ?? 60, Date.now())}
                        </span>
                      </Show>
                    </section>
                  )}
                </Show>
                <div class="muted">
                  Fired {a().firingAt ? formatTime(a().firingAt!, g.utc()) : "–"}
                  <Show when={a().resolvedAt}> · resolved {formatTime(a().resolvedAt!, g.utc())}</Show>
                  <Show when={currentValue(d())}>
                    {(v) => (
                      <>
                        {" "}
                        · last value {valueText(v().value, unit())}
                        <Show when={v().at}>{(at) => <> at {formatTime(at(), g.utc())}</>}</Show>
                      </>
                    )}
                  </Show>
                </div>
              </header>
              <div class="row" role="toolbar" aria-label="Alert actions">
                <Show when={q()}>
                  <Link
                    class="btn"
                    href={explorerHref(q(), {
                      from: String(d().window.from),
                      to: String(a().resolvedAt ?? Date.now()),
                    })}
                  >
                    Open in explorer
                  </Link>
                  <Link class="btn" href={ddxHref(q(), a())}>
                    DDx
                  </Link>
                </Show>
                <AddToNotebook
                  cell={() => ({
                    type: "alert",
                    alertId: a().id,
                    monitorSlug: a().monitorSlug,
                    state: a().state,
                    severity: a().severity,
                    labels: a().signalLabels,
                  })}
                />
                <button class="btn" onClick={() => setMuting(true)}>
                  Mute
                </button>
              </div>
              <AckPanel alert={a()} utc={g.utc()} />
              <MuteNotice alert={a()} utc={g.utc()} />
              <InhibitNotice detail={d()} />
              <IncidentLink detail={d()} />
              <Show when={muting()}>
                <MuteDialog
                  prefill={{ monitorId: a().monitorId, monitorName: a().monitorName, labels: a().signalLabels }}
                  onClose={() => setMuting(false)}
                />
              </Show>
              <div class="card">
                <AlertChart detail={d()} utc={g.utc()} />
              </div>
              <LikelyCause alertId={a().id} firing={a().state === "firing"} utc={g.utc()} />
              <div class="grid2">
                <section class="card" aria-label="Annotations">
                  <h2 style={{ "margin-top": 0 }}>Annotations</h2>
                  <Annotations annotations={a().annotations} />
                </section>
                <section class="card" aria-label="Correlated changes">
                  <h2 style={{ "margin-top": 0 }}>Changes around it</h2>
                  <Show
                    when={d().changeEvents.length}
                    fallback={<p class="muted">No change events in the hour before this alert.</p>}
                  >
                    <ul style={{ margin: 0, "padding-left": "18px" }}>
                      <For each={d().changeEvents}>
                        {(e) => (
                          <li>
                            <strong>{e.title}</strong>{" "}
                            <span class="muted">
                              {formatTime(e.happenedAt, g.utc(), false)} · {e.source}
                            </span>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </section>
                <section class="card" aria-label="History">
                  <h2 style={{ "margin-top": 0 }}>History</h2>
                  <ol style={{ margin: 0, "padding-left": "18px" }}>
                    <For each={d().history}>
                      {(h) => (
                        <li>
                          {h.from} → <strong>{h.to}</strong> <span class="muted">{formatTime(h.at, g.utc())}</span>
                        </li>
                      )}
                    </For>
                  </ol>
                </section>
                <section class="card stack" aria-label="Resolution note">
                  <h2 style={{ margin: 0 }}>Resolution note</h2>
                  <Show when={a().resolutionNote}>
                    {(n) => (
                      <blockquote style={{ margin: 0 }}>
                        {n().note}{" "}
                        <span class="muted">
                          — {n().by}, {formatTime(n().at, g.utc(), false)}
                        </span>
                      </blockquote>
                    )}
                  </Show>
                  <form class="stack" onSubmit={(e) => (e.preventDefault(), note().trim() && saveNote.mutate())}>
                    <label class="field">
                      {a().resolutionNote ? "Replace the resolution note" : "What fixed it?"}
                      <textarea rows={2} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
                    </label>
                    <Show when={saveNote.error}>
                      <ErrorState error={saveNote.error} />
                    </Show>
                    <button class="btn" type="submit" disabled={saveNote.isPending}>
                      Save resolution note
                    </button>
                  </form>
                </section>
              </div>
              <section class="card stack" aria-label="Comments">
                <h2 style={{ margin: 0 }}>Comments</h2>
                <For each={d().comments} fallback={<p class="muted">No comments yet.</p>}>
                  {(c) => (
                    <div>
                      <div class="muted">
                        {c.by?.name ?? c.author} · {formatTime(c.createdAt, g.utc(), false)}
                      </div>
                      <div class="md" innerHTML={DOMPurify.sanitize(c.html)} />
                    </div>
                  )}
                </For>
                <form class="stack" onSubmit={(e) => (e.preventDefault(), comment().trim() && addComment.mutate())}>
                  <MentionTextarea
                    label="Add a comment"
                    value={comment()}
                    onInput={setComment}
                    placeholder="@payments: v3.41.0 points at a staging-only host"
                  />
                  <Show when={addComment.error}>
                    <ErrorState error={addComment.error} />
                  </Show>
                  <button class="btn" type="submit" disabled={addComment.isPending}>
                    Comment
                  </button>
                </form>
              </section>
              <Show when={d().monitor}>
                {(m) => <MonitorComments monitorId={m().id} monitorName={m().name} utc={g.utc()} />}
              </Show>
            </article>
          );
        }}
      </Match>
    </Switch>
  );
}
