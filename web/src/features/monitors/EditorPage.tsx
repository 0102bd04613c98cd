import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createSignal, For, on, onCleanup, Show, Suspense } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import {
  getMonitor,
  getMonitorState,
  listChannels,
  monitorQueries,
  monitorVersions,
  saveMonitor,
} from "../../api/monitors";
import { createGlobals } from "../../lib/globals";
import { navigate } from "../../lib/router";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";
import { ErrorState, Loading } from "../../ui/State";
import { DataAndFlapping } from "./DataAndFlapping";
import { emptyForm, fromDef, OPERATORS, toBody, type CondForm, type MonitorForm } from "./form";
import { HealthDetails } from "./Health";
import { Preview } from "./Preview";
import { MonitorComments } from "./MonitorComments";
import { QueryField } from "./QueryField";

const PREVIEW_DEBOUNCE_MS = 800;

function Condition(props: { sev: "critical" | "warning"; c: CondForm; set: (patch: Partial<CondForm>) => void }) {
  return (
    <fieldset class="stack" style={{ gap: "6px" }}>
      <legend>
        <label class="row">
          <input
            type="checkbox"
            checked={props.c.enabled}
            onChange={(e) => props.set({ enabled: e.currentTarget.checked })}
          />
          <span>{props.sev === "critical" ? "Critical" : "Warning"} condition</span>
        </label>
      </legend>
      <Show when={props.c.enabled}>
        <div class="row">
          <select
            aria-label={`${props.sev} operator`}
            value={props.c.operator}
            onChange={(e) => props.set({ operator: e.currentTarget.value as CondForm["operator"] })}
          >
            <For each={OPERATORS}>{(o) => <option value={o}>{o}</option>}</For>
          </select>
          <input
            aria-label={`${props.sev} threshold`}
            inputmode="decimal"
            size={8}
            value={props.c.threshold}
            onInput={(e) => props.set({ threshold: e.currentTarget.value })}
          />
          <label class="row">
            <span>for</span>
            <input
              aria-label={`${props.sev} sustain`}
              size={5}
              value={props.c.sustain}
              onInput={(e) => props.set({ sustain: e.currentTarget.value })}
            />
          </label>
          <label class="row">
            <span>resolve after</span>
            <input
              aria-label={`${props.sev} resolve window`}
              size={5}
              value={props.c.resolveWindow}
              onInput={(e) => props.set({ resolveWindow: e.currentTarget.value })}
            />
          </label>
        </div>
      </Show>
    </fieldset>
  );
}

export default function MonitorEditorPage(props: { params: Record<string, string> }) {
  const id = () => props.params.id ?? null;
  const qc = useQueryClient();
  const [form, setForm] = createStore<MonitorForm>(emptyForm());
  const existing = useQuery(() => ({
    queryKey: monitorQueries.one(id() ?? ""),
    queryFn: () => getMonitor(id()!),
    enabled: !!id(),
  }));
  const versions = useQuery(() => ({
    queryKey: monitorQueries.versions(id() ?? ""),
    queryFn: () => monitorVersions(id()!),
    enabled: !!id(),
  }));
  const channels = useQuery(() => ({ queryKey: monitorQueries.channels(), queryFn: listChannels }));
  const g = createGlobals();
  // Health from the evaluator itself, refreshed at the monitor's own pace.
  const state = useQuery(() => ({
    queryKey: monitorQueries.state(id() ?? ""),
    queryFn: () => getMonitorState(id()!),
    enabled: !!id(),
    refetchInterval: (existing.data?.intervalSeconds ?? 15) * 1000,
  }));
  const [now, setNow] = createSignal(Date.now());
  const clock = setInterval(() => setNow(Date.now()), 5_000);
  onCleanup(() => clearInterval(clock));
  createEffect(() => existing.data && setForm(reconcile(fromDef(existing.data))));
  // The preview follows the query once typing pauses (not on every keystroke); "Preview" runs it at once.
  const [previewQ, setPreviewQ] = createSignal("");
  const [at, setAt] = createSignal(Date.now());
  const runPreview = () => (setAt(Date.now()), setPreviewQ(form.query));
  createEffect(() => existing.data && setPreviewQ(existing.data.query));
  createEffect(
    on(
      () => form.query,
      (q) => {
        if (q.trim() === previewQ().trim()) return;
        const t = setTimeout(() => (setAt(Date.now()), setPreviewQ(q)), PREVIEW_DEBOUNCE_MS);
        onCleanup(() => clearTimeout(t));
      },
      { defer: true },
    ),
  );
  const save = useMutation(() => ({
    mutationFn: () => saveMonitor(id(), toBody(form)),
    onSuccess: (def) => {
      void qc.invalidateQueries({ queryKey: monitorQueries.all });
      navigate(`/monitors/${def.id}`, { replace: !id() });
    },
  }));
  const text = (k: keyof MonitorForm, label: string, extra: Record<string, string> = {}) => (
    <label class="stack" style={{ gap: "2px" }}>
      <span>{label}</span>
      <input value={String(form[k])} onInput={(e) => setForm(k, e.currentTarget.value as never)} {...extra} />
    </label>
  );
  return (
    <section class="stack">
      <div class="row" style={{ "justify-content": "space-between" }}>
        <h1 style={{ margin: 0 }}>{id() ? `Monitor: ${existing.data?.name ?? "…"}` : "New monitor"}</h1>
        <Link href="/monitors">All monitors</Link>
      </div>
      <Show when={existing.data?.slo}>
        {(slo) => (
          <div class="card" role="note" aria-label="Owned by an SLO">
            This monitor is the <strong>{slo().policy}</strong> alert of SLO{" "}
            <Link href={`/slos/${slo().id}`}>{slo().name}</Link>: it checks the SLO's error-budget burn rate and changes
            with it. Edit its policy on the SLO.
          </div>
        )}
      </Show>
      <Show when={existing.isError}>
        <ErrorState title="Could not load the monitor" error={existing.error} retry={() => existing.refetch()} />
      </Show>
      <Show
        when={!id() || existing.data}
        fallback={
          <Show when={!existing.isError}>
            <Loading what="monitor" />
          </Show>
        }
      >
        <Show when={id() && state.data}>
          <HealthDetails
            health={state.data!.health}
            intervalSeconds={existing.data?.intervalSeconds ?? 60}
            nextCheckAt={state.data!.nextCheckAt}
            now={now()}
            utc={g.utc()}
          />
        </Show>
        <form class="stack" aria-label="Monitor" onSubmit={(e) => (e.preventDefault(), save.mutate())}>
          {text("name", "Name")}
          <QueryField value={form.query} onChange={(v) => setForm("query", v)} onRun={runPreview} />
          <div class="row">
            <button type="button" class="btn" onClick={runPreview}>
              Preview
            </button>
            <label class="row">
              <span>Evaluate every</span>
              <select
                value={String(form.intervalSeconds)}
                onChange={(e) => setForm("intervalSeconds", Number(e.currentTarget.value) as 15 | 30 | 60)}
              >
                <option value="15">15s</option>
                <option value="30">30s</option>
                <option value="60">60s</option>
              </select>
            </label>
          </div>
          {/* Its own boundary: a preview loading while the user types must not blank the form (and steal
              the editor's focus) through the page-level Suspense. */}
          <Suspense fallback={<Loading what="preview" />}>
            <Preview form={form} query={previewQ()} at={at()} />
          </Suspense>
          <Condition sev="critical" c={form.critical} set={(p) => setForm("critical", p)} />
          <Condition sev="warning" c={form.warning} set={(p) => setForm("warning", p)} />
          <fieldset class="stack" style={{ gap: "6px" }}>
            <legend>Signals</legend>
            <select
              aria-label="Signal mode"
              value={form.signalMode}
              onChange={(e) => setForm("signalMode", e.currentTarget.value as MonitorForm["signalMode"])}
            >
              <option value="monitor">One signal for the monitor</option>
              <option value="labels">One signal per label value</option>
              <option value="series">One signal per series</option>
            </select>
            <Show when={form.signalMode === "labels"}>{text("signalKeys", "Label keys (comma separated)")}</Show>
          </fieldset>
          {text("unit", "Unit of the query's values (%, ms, req/s)", { placeholder: "%" })}
          <DataAndFlapping form={form} setForm={setForm} />
          {text("team", "Team")}
          {text("dashboard", "Dashboard link (annotation)")}
          {text("runbook", "Runbook URL (annotation)")}
          <fieldset class="stack" style={{ gap: "4px" }}>
            <legend>Notification channels</legend>
            <Show when={(channels.data ?? []).length} fallback={<span class="muted">No channels configured.</span>}>
              <For each={channels.data}>
                {(ch) => (
                  <label class="row">
                    <input
                      type="checkbox"
                      checked={form.channels.includes(ch.id)}
                      onChange={(e) =>
                        setForm(
                          "channels",
                          e.currentTarget.checked
                            ? [...form.channels, ch.id]
                            : form.channels.filter((c) => c !== ch.id),
                        )
                      }
                    />
                    <span>
                      {ch.name} ({ch.kind}
                      {ch.notifyPer === "incident" ? ", once per incident" : ""})
                    </span>
                  </label>
                )}
              </For>
            </Show>
          </fieldset>
          {text("repeatInterval", "Repeat notifications every")}
          {text("labels", "Labels (key=value, comma separated)")}
          <Show when={save.isError}>
            <ErrorState title="Not saved" error={save.error} />
          </Show>
          <div class="row">
            <button type="submit" class="btn primary" disabled={save.isPending}>
              {id() ? "Save new version" : "Create monitor"}
            </button>
            <Show when={save.isSuccess}>
              <span role="status">Saved.</span>
            </Show>
          </div>
        </form>
        <Show when={id() && versions.data?.length}>
          <section class="card" aria-label="Version history">
            <h2 style={{ margin: 0, "font-size": "16px" }}>Version history</h2>
            <ol reversed style={{ "padding-left": "20px" }}>
              <For each={versions.data}>
                {(v) => (
                  <li>
                    v{v.version} · {v.changedBy} · {formatTime(v.changedAt, g.utc())} ·{" "}
                    <code style={{ "overflow-wrap": "anywhere" }}>{v.definition.query}</code>
                  </li>
                )}
              </For>
            </ol>
          </section>
        </Show>
      </Show>
      <Show when={existing.data}>
        {(m) => <MonitorComments monitorId={m().id} monitorName={m().name} utc={g.utc()} />}
      </Show>
    </section>
  );
}
