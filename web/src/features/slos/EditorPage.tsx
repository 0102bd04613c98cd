import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createEffect, For, Index, Match, on, Show, Switch } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { listChannels, monitorQueries } from "../../api/monitors";
import { listTeams, peopleQueries } from "../../api/people";
import { getSlo, saveSlo, sloQueries } from "../../api/slos";
import { navigate } from "../../lib/router";
import { Link } from "../../ui/Link";
import { ErrorState, Loading } from "../../ui/State";
import { emptyForm, fromDef, type PolicyForm, type SloForm, toBody, WORKBOOK } from "./form";

function Field(props: { label: string; hint?: string; children: import("solid-js").JSX.Element }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control comes in as children
    <label class="stack" style={{ gap: "2px" }}>
      <span>{props.label}</span>
      {props.children}
      <Show when={props.hint}>
        <span class="muted">{props.hint}</span>
      </Show>
    </label>
  );
}

function Policy(props: { p: PolicyForm; i: number; set: (patch: Partial<PolicyForm>) => void; remove: () => void }) {
  const n = () => props.i + 1;
  return (
    <fieldset class="row" style={{ gap: "6px", "flex-wrap": "wrap" }}>
      <legend>Policy {n()}</legend>
      <input
        aria-label={`Policy ${n()} name`}
        size={12}
        value={props.p.name}
        onInput={(e) => props.set({ name: e.currentTarget.value })}
      />
      <select
        aria-label={`Policy ${n()} severity`}
        value={props.p.severity}
        onChange={(e) => props.set({ severity: e.currentTarget.value as PolicyForm["severity"] })}
      >
        <option value="critical">critical (page)</option>
        <option value="warning">warning (ticket)</option>
      </select>
      <label class="row">
        <span>burn rate above</span>
        <input
          aria-label={`Policy ${n()} burn rate`}
          inputmode="decimal"
          size={5}
          value={props.p.burnRate}
          onInput={(e) => props.set({ burnRate: e.currentTarget.value })}
        />
      </label>
      <label class="row">
        <span>over</span>
        <input
          aria-label={`Policy ${n()} long window`}
          size={4}
          value={props.p.longWindow}
          onInput={(e) => props.set({ longWindow: e.currentTarget.value })}
        />
      </label>
      <label class="row">
        <span>and</span>
        <input
          aria-label={`Policy ${n()} short window`}
          size={4}
          value={props.p.shortWindow}
          onInput={(e) => props.set({ shortWindow: e.currentTarget.value })}
        />
      </label>
      <button type="button" class="btn" aria-label={`Remove policy ${n()}`} onClick={() => props.remove()}>
        Remove
      </button>
    </fieldset>
  );
}

export default function SloEditorPage(props: { params: Record<string, string> }) {
  const qc = useQueryClient();
  const id = () => props.params.id ?? null;
  const [f, setF] = createStore<SloForm>(emptyForm());
  const existing = useQuery(() => ({
    queryKey: sloQueries.one(id() ?? ""),
    queryFn: () => getSlo(id()!),
    enabled: !!id(),
  }));
  createEffect(
    on(
      () => existing.data,
      (d) => d && setF(reconcile(fromDef(d))),
    ),
  );
  const teams = useQuery(() => ({ queryKey: peopleQueries.teams(), queryFn: () => listTeams() }));
  const channels = useQuery(() => ({ queryKey: monitorQueries.channels(), queryFn: listChannels }));
  const save = useMutation(() => ({
    mutationFn: () => saveSlo(id(), toBody(f, existing.data?.slug)),
    onSuccess: async (d) => {
      await qc.invalidateQueries({ queryKey: sloQueries.all });
      await qc.invalidateQueries({ queryKey: monitorQueries.all });
      navigate(`/slos/${d.id}`);
    },
  }));
  const toggleChannel = (cid: string, on: boolean) =>
    setF("channels", (cs) => (on ? [...cs.filter((c) => c !== cid), cid] : cs.filter((c) => c !== cid)));
  return (
    <Switch>
      <Match when={id() && existing.isError}>
        <ErrorState error={existing.error} retry={() => existing.refetch()} />
      </Match>
      <Match when={id() && existing.isPending}>
        <Loading what="the SLO" />
      </Match>
      <Match when={true}>
        <form
          class="stack"
          aria-label="SLO"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <h1 style={{ margin: 0 }}>{id() ? `Edit ${existing.data?.name ?? "SLO"}` : "New SLO"}</h1>
          <Field label="Name">
            <input required value={f.name} onInput={(e) => setF("name", e.currentTarget.value)} />
          </Field>
          <Field label="Description">
            <textarea rows={2} value={f.description} onInput={(e) => setF("description", e.currentTarget.value)} />
          </Field>
          <div class="row" style={{ "flex-wrap": "wrap" }}>
            <Field label="Team">
              <select value={f.teamId} onChange={(e) => setF("teamId", e.currentTarget.value)}>
                <option value="">No team</option>
                <For each={teams.data ?? []}>{(t) => <option value={t.id}>{t.name}</option>}</For>
              </select>
            </Field>
            <Field label="Collection">
              <input value={f.collection} onInput={(e) => setF("collection", e.currentTarget.value)} />
            </Field>
          </div>
          <fieldset class="stack">
            <legend>Service level indicator</legend>
            <div class="row">
              <label class="row">
                <input type="radio" name="kind" checked={f.kind === "ratio"} onChange={() => setF("kind", "ratio")} />
                <span>Ratio of events (requests)</span>
              </label>
              <label class="row">
                <input
                  type="radio"
                  name="kind"
                  checked={f.kind === "threshold"}
                  onChange={() => setF("kind", "threshold")}
                />
                <span>Threshold per minute (latency)</span>
              </label>
            </div>
            <Show
              when={f.kind === "ratio"}
              fallback={
                <>
                  <Field
                    label="Query"
                    hint="an instant vector, e.g. histogram_quantile(0.99, sum by (le) (rate(http_server_duration_seconds_bucket[5m])))"
                  >
                    <input class="mono" value={f.query} onInput={(e) => setF("query", e.currentTarget.value)} />
                  </Field>
                  <div class="row">
                    <span>a minute is good when the value is</span>
                    <select
                      aria-label="Operator"
                      value={f.operator}
                      onChange={(e) => setF("operator", e.currentTarget.value as SloForm["operator"])}
                    >
                      <For each={["<", "<=", ">", ">="]}>{(o) => <option value={o}>{o}</option>}</For>
                    </select>
                    <input
                      aria-label="Threshold"
                      inputmode="decimal"
                      size={8}
                      value={f.threshold}
                      onInput={(e) => setF("threshold", e.currentTarget.value)}
                    />
                  </div>
                </>
              }
            >
              <div class="row">
                <select
                  aria-label="Events counted"
                  value={f.events}
                  onChange={(e) => setF("events", e.currentTarget.value as SloForm["events"])}
                >
                  <option value="bad">Bad events</option>
                  <option value="good">Good events</option>
                </select>
              </div>
              <Field label={f.events === "bad" ? "Bad events (counter selector)" : "Good events (counter selector)"}>
                <input
                  class="mono"
                  placeholder={'checkout_http_requests_total{status=~"5.."}'}
                  value={f.eventsSelector}
                  onInput={(e) => setF("eventsSelector", e.currentTarget.value)}
                />
              </Field>
              <Field label="All events (counter selector)">
                <input
                  class="mono"
                  placeholder="checkout_http_requests_total"
                  value={f.total}
                  onInput={(e) => setF("total", e.currentTarget.value)}
                />
              </Field>
            </Show>
            <Field label="Group by (optional)" hint="one budget and one alert per value, e.g. region">
              <input value={f.groupBy} onInput={(e) => setF("groupBy", e.currentTarget.value)} />
            </Field>
          </fieldset>
          <div class="row" style={{ "flex-wrap": "wrap" }}>
            <Field label="Objective (%)">
              <input
                inputmode="decimal"
                size={7}
                value={f.objectivePct}
                onInput={(e) => setF("objectivePct", e.currentTarget.value)}
              />
            </Field>
            <Field label="Rolling window">
              <select value={f.window} onChange={(e) => setF("window", e.currentTarget.value as SloForm["window"])}>
                <option value="7d">7 days</option>
                <option value="28d">28 days</option>
                <option value="30d">30 days</option>
              </select>
            </Field>
          </div>
          <fieldset class="stack">
            <legend>Burn-rate alerts</legend>
            <label class="row">
              <input
                type="checkbox"
                checked={f.alertingEnabled}
                onChange={(e) => setF("alertingEnabled", e.currentTarget.checked)}
              />
              <span>Alert when the budget burns too fast (multi-window, multi-burn-rate)</span>
            </label>
            <Index each={f.policies}>
              {(p, i) => (
                <Policy
                  p={p()}
                  i={i}
                  set={(patch) => setF("policies", i, patch)}
                  remove={() => setF("policies", (ps) => ps.filter((_, j) => j !== i))}
                />
              )}
            </Index>
            <div class="row">
              <button
                type="button"
                class="btn"
                onClick={() =>
                  setF("policies", (ps) => [
                    ...ps,
                    {
                      name: `policy ${ps.length + 1}`,
                      severity: "warning",
                      burnRate: "2",
                      longWindow: "1d",
                      shortWindow: "2h",
                    },
                  ])
                }
              >
                Add policy
              </button>
              <button
                type="button"
                class="btn"
                onClick={() =>
                  setF(
                    "policies",
                    WORKBOOK.map((p) => ({ ...p })),
                  )
                }
              >
                Reset to the SRE workbook's
              </button>
            </div>
            <div class="stack" role="group" aria-label="Notification channels">
              <span>Notify</span>
              <For each={channels.data ?? []} fallback={<span class="muted">No notification channels yet.</span>}>
                {(ch) => (
                  <label class="row">
                    <input
                      type="checkbox"
                      checked={f.channels.includes(ch.id)}
                      onChange={(e) => toggleChannel(ch.id, e.currentTarget.checked)}
                    />
                    <span>
                      {ch.name} <span class="muted">({ch.kind})</span>
                    </span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <Show when={save.isError}>
            <ErrorState error={save.error} title="The SLO was not saved" />
          </Show>
          <div class="row">
            <button type="submit" class="btn primary" disabled={save.isPending}>
              {id() ? "Save" : "Create SLO"}
            </button>
            <Link class="btn" href={id() ? `/slos/${id()}` : "/slos"}>
              Cancel
            </Link>
          </div>
        </form>
      </Match>
    </Switch>
  );
}
