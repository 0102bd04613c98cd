import { useQuery } from "@tanstack/solid-query";
import { createSignal, For, Index } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { labelNames, metricNames } from "../../api/prom";
import { metricQueries } from "../../api/queries";
import { buildQuery, emptyModel, type BuilderModel, type Filter } from "./builder";

/** Point-and-click PromQL: pick a metric, filters, a function, an aggregation and labels to split by. */
export function QueryBuilder(props: { onUse: (q: string) => void }) {
  const [m, setM] = createStore<BuilderModel>(emptyModel());
  const [byDraft, setByDraft] = createSignal("");
  const names = useQuery(() => ({ queryKey: metricQueries.names(), queryFn: () => metricNames(), staleTime: 60_000 }));
  const labels = useQuery(() => ({
    queryKey: metricQueries.labels(m.metric),
    queryFn: () => labelNames(m.metric ? `{__name__="${m.metric}"}` : undefined),
    enabled: !!m.metric,
  }));
  const preview = () => buildQuery(m);
  return (
    <div class="stack" style={{ gap: "8px" }}>
      <datalist id="metric-names">
        <For each={names.data ?? []}>{(n) => <option value={n} />}</For>
      </datalist>
      <datalist id="label-names">
        <For each={(labels.data ?? []).filter((l) => l !== "__name__")}>{(n) => <option value={n} />}</For>
      </datalist>
      <div class="row">
        <label class="field">
          Metric
          <input
            list="metric-names"
            value={m.metric}
            onInput={(e) => setM("metric", e.currentTarget.value)}
            placeholder="checkout_http_requests_total"
          />
        </label>
        <label class="field">
          Function
          <select value={m.fn} onChange={(e) => setM("fn", e.currentTarget.value as BuilderModel["fn"])}>
            <option value="none">none</option>
            <option value="rate">rate</option>
            <option value="irate">irate</option>
            <option value="increase">increase</option>
          </select>
        </label>
        <label class="field">
          Window
          <select value={m.window} onChange={(e) => setM("window", e.currentTarget.value)}>
            <For each={["1m", "5m", "15m", "1h"]}>{(w) => <option value={w}>{w}</option>}</For>
          </select>
        </label>
        <label class="field">
          Aggregation
          <select value={m.agg} onChange={(e) => setM("agg", e.currentTarget.value as BuilderModel["agg"])}>
            <For each={["none", "sum", "avg", "max", "min", "count"]}>{(a) => <option value={a}>{a}</option>}</For>
          </select>
        </label>
        <label class="field">
          Split by (comma separated)
          <input
            list="label-names"
            value={byDraft()}
            onInput={(e) => (
              setByDraft(e.currentTarget.value),
              setM(
                "by",
                e.currentTarget.value
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean),
              )
            )}
            placeholder="status"
          />
        </label>
      </div>
      <Index each={m.filters}>
        {(f, i) => (
          <div class="row" role="group" aria-label={`Filter ${i + 1}`}>
            <input
              list="label-names"
              aria-label="Filter label"
              value={f().label}
              onInput={(e) => setM("filters", i, "label", e.currentTarget.value)}
              placeholder="label"
            />
            <select
              aria-label="Filter operator"
              value={f().op}
              onChange={(e) => setM("filters", i, "op", e.currentTarget.value as Filter["op"])}
            >
              <For each={["=", "!=", "=~", "!~"]}>{(o) => <option value={o}>{o}</option>}</For>
            </select>
            <input
              aria-label="Filter value"
              value={f().value}
              onInput={(e) => setM("filters", i, "value", e.currentTarget.value)}
              placeholder="value"
            />
            <button
              class="btn ghost"
              aria-label={`Remove filter ${i + 1}`}
              onClick={() =>
                setM(
                  "filters",
                  produce((fs) => fs.splice(i, 1)),
                )
              }
            >
              ×
            </button>
          </div>
        )}
      </Index>
      <div class="row">
        <button class="btn" onClick={() => setM("filters", m.filters.length, { label: "", op: "=", value: "" })}>
          Add filter
        </button>
        <code class="muted" style={{ flex: 1, "min-width": "0", "overflow-wrap": "anywhere" }}>
          {preview() || "pick a metric"}
        </code>
        <button class="btn primary" disabled={!preview()} onClick={() => props.onUse(preview())}>
          Use query
        </button>
      </div>
    </div>
  );
}
