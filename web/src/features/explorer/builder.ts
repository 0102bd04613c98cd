// The query builder's model and its PromQL rendering (metric, filters, function, aggregation, split by).

export interface Filter {
  label: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
}

export interface BuilderModel {
  metric: string;
  filters: Filter[];
  fn: "none" | "rate" | "increase" | "irate";
  window: string;
  agg: "none" | "sum" | "avg" | "max" | "min" | "count";
  by: string[];
}

export const emptyModel = (): BuilderModel => ({
  metric: "",
  filters: [],
  fn: "none",
  window: "5m",
  agg: "none",
  by: [],
});

const plainName = /^[A-Za-z_:][A-Za-z0-9_:]*$/;
const plainLabel = /^[A-Za-z_][A-Za-z0-9_]*$/;
const str = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const label = (l: string) => (plainLabel.test(l) ? l : str(l));

export function buildQuery(m: BuilderModel): string {
  if (!m.metric) return "";
  const matchers = m.filters
    .filter((f) => f.label && f.value !== undefined)
    .map((f) => `${label(f.label)}${f.op}${str(f.value)}`);
  let sel: string;
  if (plainName.test(m.metric)) sel = matchers.length ? `${m.metric}{${matchers.join(",")}}` : m.metric;
  else sel = `{${[str(m.metric), ...matchers].join(",")}}`;
  let expr = m.fn === "none" ? sel : `${m.fn}(${sel}[${m.window}])`;
  if (m.agg !== "none")
    expr = m.by.length ? `${m.agg} by (${m.by.map(label).join(", ")}) (${expr})` : `${m.agg}(${expr})`;
  return expr;
}

export { splitBy } from "./split";
