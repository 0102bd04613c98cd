import { For } from "solid-js";
import { panelTypes, type Panel } from "../../../../core/contracts/dashboards";

/** Which data a panel type reads: logs, traces and service-map panels take a search query, not PromQL. */
const datasourceOf = (t: Panel["type"]): Panel["datasource"] =>
  t === "logs" ? "logs" : t === "traces" || t === "service_map" ? "traces" : "metrics";
const typeLabel: Record<Panel["type"], string> = {
  timeseries: "Time series",
  heatmap: "Heatmap",
  stat: "Stat",
  table: "Table",
  logs: "Logs",
  traces: "Traces",
  service_map: "Service map",
  markdown: "Markdown",
};

/** Edit-mode controls above a panel: its type, title and first query, and removal. */
export function EditPanel(props: { panel: Panel; onChange: (p: Panel) => void; onRemove: () => void }) {
  const setExpr = (expr: string) => {
    const [first, ...rest] = props.panel.queries;
    props.onChange({ ...props.panel, queries: [{ refId: first?.refId ?? "A", legend: first?.legend, expr }, ...rest] });
  };
  const setType = (type: Panel["type"]) => props.onChange({ ...props.panel, type, datasource: datasourceOf(type) });
  const placeholder = () =>
    props.panel.type === "markdown"
      ? "Markdown text"
      : datasourceOf(props.panel.type) === "metrics"
        ? "PromQL"
        : 'service.name="checkout-service" severity>=error';
  return (
    <fieldset class="stack" style={{ gap: "4px", margin: 0 }}>
      <legend>Edit {props.panel.id}</legend>
      <div class="row" style={{ gap: "4px", "flex-wrap": "nowrap" }}>
        <select
          aria-label={`Type of ${props.panel.id}`}
          value={props.panel.type}
          onChange={(e) => setType(e.currentTarget.value as Panel["type"])}
        >
          <For each={[...panelTypes]}>{(t) => <option value={t}>{typeLabel[t]}</option>}</For>
        </select>
        <input
          aria-label={`Title of ${props.panel.id}`}
          style={{ flex: 1, "min-width": 0 }}
          value={props.panel.title}
          onChange={(e) => props.onChange({ ...props.panel, title: e.currentTarget.value })}
        />
      </div>
      <textarea
        aria-label={`Query of ${props.panel.id}`}
        placeholder={placeholder()}
        class="mono"
        rows={2}
        value={props.panel.type === "markdown" ? (props.panel.content ?? "") : (props.panel.queries[0]?.expr ?? "")}
        onChange={(e) =>
          props.panel.type === "markdown"
            ? props.onChange({ ...props.panel, content: e.currentTarget.value })
            : setExpr(e.currentTarget.value)
        }
      />
      <button class="btn" onClick={() => props.onRemove()}>
        Remove panel
      </button>
    </fieldset>
  );
}
