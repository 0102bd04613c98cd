import { Show } from "solid-js";
import type { TraceDdx } from "../../api/ddx";
import { Chip } from "../../ui/Chip";
import { CorrelatedChange } from "./CorrelatedChange";
import { DivergenceBar } from "./DivergenceBar";
import { TraceFilterActions } from "./FilterActions";
import { RANKED_BY_TEXT, TRACE_KIND_TEXT, traceFigureOf } from "./divergence";

type Row = TraceDdx["output"]["ranked"][number];

const pct = (x: number) => `${(x * 100).toFixed(x >= 0.995 || x === 0 ? 0 : 1)}%`;

/** One ranked attribute value: its divergence (with a bar), the comparison that ranked it, its kind (symptoms and
 * values inside a cause are kept, marked), and the reason line. Older snapshots show their score and explanation. */
export function TraceRow(props: { row: Row; rank: number; utc: boolean; service?: string }) {
  const r = () => props.row;
  const fig = () => traceFigureOf(r());
  const kind = () => r().kind ?? "cause";
  const cause = () => kind() === "cause";
  return (
    <li class="card" data-kind={kind()}>
      <div class="row" style={{ gap: "8px" }}>
        <strong>#{props.rank}</strong>
        <Chip label={`${r().key}=${r().value}`} class={cause() && props.rank <= 2 ? "sev-critical" : ""} />
        <DivergenceBar fig={fig()} cause={cause()} />
        <Show when={r().rankedBy}>
          {(by) => (
            <span class="chip" title="Which comparison ranked it">
              {RANKED_BY_TEXT[by()]}
            </span>
          )}
        </Show>
        <Show when={!cause() && TRACE_KIND_TEXT[kind()]}>
          <span class="chip sev-muted" title={r().within ? `within ${r().within}` : undefined}>
            {TRACE_KIND_TEXT[kind()]}
          </span>
        </Show>
        <span title="How sure we are the value is more common on the target side, given the sample sizes and the number of values tested">
          confidence {pct(r().confidence)}
        </span>
        <Show when={r().supported === false}>
          <Chip label="too few spans" class="sev-muted" />
        </Show>
        <Show when={r().before && !r().before!.present}>
          <Chip label="absent before" class="sev-warning" />
        </Show>
        <span class="muted">
          {pct(r().target.pct)} of target spans ({pct(r().target.pctOfKey)} of those with {r().key}) vs{" "}
          {pct(r().comparison.pct)} of the comparison
        </span>
      </div>
      <p class="muted" style={{ margin: "4px 0 0", "overflow-wrap": "anywhere" }}>
        {r().reason ?? r().explanation}
      </p>
      <CorrelatedChange change={r().change} utc={props.utc} />
      <TraceFilterActions service={props.service} attrKey={r().key} value={r().value} />
    </li>
  );
}

/** How to read a trace DDx: the two comparisons and the kinds of rows kept low. */
export function TraceDdxLegend() {
  const wide = typeof matchMedia === "function" ? matchMedia("(min-width: 760px)").matches : true;
  return (
    <details class="card" aria-label="How to read trace DDx" open={wide}>
      <summary>
        <strong>How to read this</strong>: divergence 0–100 %, from the stronger of two comparisons
      </summary>
      <dl style={{ margin: "6px 0 0", display: "grid", gap: "4px" }}>
        <dt>
          <strong>vs before</strong> (what changed)
        </dt>
        <dd style={{ margin: 0 }}>
          The value's error rate now against its rate in the earlier window (or the service's, if the value is new): the
          share of the failing spans its rise explains. A traffic shift at an unchanged rate scores nothing.
        </dd>
        <dt>
          <strong>vs the rest now</strong>
        </dt>
        <dd style={{ margin: 0 }}>
          How much more common the value is on the failing spans than on the others in the same range (a fault older
          than the earlier window shows here).
        </dd>
        <dt>Kept low, with the reason</dt>
        <dd style={{ margin: 0 }}>
          <em>symptom</em> (an error message or status code: true of failing spans by definition, names no cause),{" "}
          <em>inside a cause</em> (its failing spans carry a higher row too, e.g. the region a bad version runs in),{" "}
          <em>no clear difference</em>.
        </dd>
      </dl>
    </details>
  );
}
