import { Show } from "solid-js";
import type { RankedRow } from "../../api/ddx";
import { Chip } from "../../ui/Chip";
import { CorrelatedChange } from "./CorrelatedChange";
import { DivergenceBar } from "./DivergenceBar";
import { FilterActions } from "./FilterActions";
import { COMPARISON_TEXT, figureOf, KIND_TEXT, reasonOf } from "./divergence";

/** One ranked label=value: its divergence (with a bar), which comparison found it, its kind, and the one-line
 * reason the figure rests on. Rows kept low (moved alike, contained, traffic shift) say so. */
export function MetricRow(props: { row: RankedRow; rank: number; utc: boolean; query: string }) {
  const r = () => props.row;
  const fig = () => figureOf(r());
  const cause = () => (r().kind ?? "cause") === "cause";
  return (
    <li class="card" data-kind={r().kind ?? "cause"}>
      <div class="row" style={{ gap: "8px" }}>
        <strong>#{props.rank}</strong>
        <Chip label={`${r().label}=${r().value}`} class={cause() && props.rank <= 2 ? "sev-critical" : ""} />
        <DivergenceBar fig={fig()} cause={cause()} />
        <Show when={r().comparison && r().comparison !== "none"}>
          <span class="chip" title="Which comparison found it">
            {COMPARISON_TEXT[r().comparison!]}
          </span>
        </Show>
        <Show when={!cause() && r().kind}>
          <span class="chip sev-muted">{KIND_TEXT[r().kind!]}</span>
        </Show>
        <Show when={r().newInWindow}>
          <Chip label="new in range" class="sev-warning" />
        </Show>
        <Show when={r().olderThanBaseline}>
          <Chip label="older than the baseline" class="sev-warning" />
        </Show>
      </div>
      <p class="muted" style={{ margin: "4px 0 0", "overflow-wrap": "anywhere" }}>
        {reasonOf(r())}
      </p>
      <CorrelatedChange change={r().change} utc={props.utc} />
      <FilterActions query={props.query} label={r().label} value={r().value} />
    </li>
  );
}
