import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { badEventsQuery, type SloStatus } from "../../../../core/contracts/slos";
import { displayState, listAlerts } from "../../api/alerts";
import { alertQueries } from "../../api/queries";
import { deleteSlo, getSlo, sloQueries, sloStatus } from "../../api/slos";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { createGlobals } from "../../lib/globals";
import { navigate } from "../../lib/router";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";
import { ErrorState, Loading } from "../../ui/State";
import { budgetTone, burn, msToDuration, pct, timeLeft } from "./form";

/** A dashed line where the budget is gone. */
const SPENT = [{ value: 0, label: "budget spent" }];

function Kpi(props: { label: string; value: string; tone?: string; hint?: string }) {
  return (
    <div class="card kpi">
      <span class="muted">{props.label}</span>
      <span class={`value ${props.tone ? `budget-${props.tone}` : ""}`}>{props.value}</span>
      <Show when={props.hint}>
        <span class="muted">{props.hint}</span>
      </Show>
    </div>
  );
}

function Figures(props: { st: SloStatus; objective: number; window: string; utc: boolean }) {
  const st = () => props.st;
  const hour = () => st().burn.find((b) => b.window === "1h")?.burnRate ?? null;
  const data = createMemo(
    () =>
      [
        st().burndown.map((p) => p.t / 1000),
        st().burndown.map((p) => (p.budgetRemaining === null ? null : p.budgetRemaining * 100)),
      ] as [number[], (number | null)[]],
  );
  return (
    <>
      <div class="kpis">
        <Kpi
          label={`Error budget remaining (${props.window})`}
          value={pct(st().budgetRemaining, 1)}
          tone={budgetTone(st().budgetRemaining)}
        />
        <Kpi label="SLI over the window" value={pct(st().sli, 3)} hint={`objective ${pct(props.objective, 3)}`} />
        <Kpi label="Burn rate, last hour" value={burn(hour())} hint="1x spends the budget exactly over the window" />
        <Kpi
          label="Budget runs out"
          value={timeLeft(st().forecast.atLastHourMs)}
          hint={`at the last hour's rate; ${timeLeft(st().forecast.atWindowAverageMs)} at the window's average`}
        />
      </div>
      <Show when={st().lastError}>
        <div class="state error" role="alert">
          <strong>The roll-up failed</strong>
          <div>{st().lastError}</div>
        </div>
      </Show>
      <TimeSeriesChart
        title="Error budget burndown"
        caption={`budget left after the bad events of the current ${props.window} window`}
        unit="%"
        labels={["budget remaining"]}
        data={data()}
        thresholds={SPENT}
        utc={props.utc}
        height={220}
      />
      <Show when={st().coverage.from !== null}>
        <p class="muted">
          Figures from {formatTime(st().coverage.from!, props.utc, false)} to{" "}
          {formatTime(st().coverage.until!, props.utc, false)}; earlier minutes had no data in Vigil.
        </p>
      </Show>
      <div class="table-wrap">
        <table class="tbl" aria-label="Burn rates">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Budget left</th>
              <For each={st().burn}>{(b) => <th scope="col">{b.window}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">all</th>
              <td>{pct(st().budgetRemaining, 1)}</td>
              <For each={st().burn}>{(b) => <td>{burn(b.burnRate)}</td>}</For>
            </tr>
            <For each={st().groups}>
              {(g) => (
                <tr>
                  <th scope="row" class="mono">
                    {Object.entries(g.labels)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(", ") || "all"}
                  </th>
                  <td class={`budget-${budgetTone(g.budgetRemaining)}`}>{pct(g.budgetRemaining, 1)}</td>
                  <For each={g.burn}>{(b) => <td>{burn(b.burnRate)}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

export default function SloPage(props: { params: Record<string, string> }) {
  const g = createGlobals();
  const qc = useQueryClient();
  const id = () => props.params.id;
  const slo = useQuery(() => ({ queryKey: sloQueries.one(id()), queryFn: () => getSlo(id()) }));
  const st = useQuery(() => ({
    queryKey: sloQueries.status(id()),
    queryFn: () => sloStatus(id()),
    refetchInterval: 30_000,
  }));
  const active = useQuery(() => ({ queryKey: alertQueries.list("active"), queryFn: () => listAlerts("active") }));
  const [confirm, setConfirm] = createSignal(false);
  const remove = useMutation(() => ({
    mutationFn: () => deleteSlo(id()),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: sloQueries.all });
      navigate("/slos");
    },
  }));
  const ddx = () => {
    const q = slo.data ? badEventsQuery(slo.data.sli) : null;
    return q ? `/ddx?${new URLSearchParams({ q, from: "now-1h", to: "now" }).toString()}` : null;
  };
  const alertsOf = (monitorId: string) => (active.data ?? []).filter((a) => a.monitorId === monitorId);
  return (
    <Switch>
      <Match when={slo.isError}>
        <ErrorState error={slo.error} retry={() => slo.refetch()} />
      </Match>
      <Match when={slo.isPending}>
        <Loading what="the SLO" />
      </Match>
      <Match when={slo.data}>
        {(s) => (
          <section class="stack">
            <div class="row" style={{ "justify-content": "space-between" }}>
              <h1 style={{ margin: 0 }}>{s().name}</h1>
              <div class="row">
                <Show when={ddx()}>
                  <Link class="btn" href={ddx()!}>
                    DDx on bad events
                  </Link>
                </Show>
                <Link class="btn" href={`/slos/${s().id}/edit`}>
                  Edit
                </Link>
              </div>
            </div>
            <p class="muted" style={{ margin: 0 }}>
              Objective {pct(s().objective, 3)} over a rolling {s().window}
              {s().groupBy.length ? `, per ${s().groupBy.join(", ")}` : ""}
              {s().collection ? ` · ${s().collection}` : ""}
            </p>
            <Show when={s().description}>
              <p style={{ margin: 0 }}>{s().description}</p>
            </Show>
            <Switch>
              <Match when={st.isError}>
                <ErrorState error={st.error} retry={() => st.refetch()} title="The SLO's figures are unavailable" />
              </Match>
              <Match when={st.isPending}>
                <Loading what="the error budget" />
              </Match>
              <Match when={st.data}>
                {(data) => <Figures st={data()} objective={s().objective} window={s().window} utc={g.utc()} />}
              </Match>
            </Switch>
            <h2>Burn-rate alerts</h2>
            <Show when={!s().alerting.enabled}>
              <p class="muted">Alerting is off for this SLO: its monitors are disabled.</p>
            </Show>
            <ul class="stack" aria-label="Burn-rate alerts" style={{ "list-style": "none", padding: 0, margin: 0 }}>
              <For each={s().alerting.policies}>
                {(p) => (
                  <li class="card row" style={{ "justify-content": "space-between" }}>
                    <span>
                      <Link href={`/monitors/${p.monitorId}`}>
                        <strong>{p.name}</strong>
                      </Link>{" "}
                      <span class="muted">
                        {p.severity}: burn rate above {p.burnRate} over {msToDuration(p.longWindowMs)} and{" "}
                        {msToDuration(p.shortWindowMs)}
                      </span>
                    </span>
                    <span class="row">
                      <For each={alertsOf(p.monitorId)} fallback={<span class="chip sev-ok">OK</span>}>
                        {(a) => (
                          <Link class={`chip sev-${displayState(a)}`} href={`/alerts/${a.id}`}>
                            {displayState(a)} {Object.values(a.signalLabels ?? {}).join(", ")}
                          </Link>
                        )}
                      </For>
                    </span>
                  </li>
                )}
              </For>
            </ul>
            <div class="row">
              <Show
                when={confirm()}
                fallback={
                  <button class="btn" onClick={() => setConfirm(true)}>
                    Delete SLO
                  </button>
                }
              >
                <span>Delete the SLO and its {s().alerting.policies.length} burn-rate monitors?</span>
                <button class="btn danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
                  Delete
                </button>
                <button class="btn" onClick={() => setConfirm(false)}>
                  Cancel
                </button>
              </Show>
            </div>
            <Show when={remove.isError}>
              <ErrorState error={remove.error} />
            </Show>
          </section>
        )}
      </Match>
    </Switch>
  );
}
