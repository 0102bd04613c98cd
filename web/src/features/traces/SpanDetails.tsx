import { For, Show } from "solid-js";
import type { Span } from "../../api/traces";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";
import { fmtUs } from "./format";

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function KV(props: { data: Record<string, unknown>; label: string }) {
  return (
    <Show when={Object.keys(props.data).length} fallback={<p class="muted">No {props.label.toLowerCase()}.</p>}>
      <dl class="tl-kv" aria-label={props.label}>
        <For each={Object.entries(props.data).sort(([a], [b]) => a.localeCompare(b))}>
          {([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{show(v)}</dd>
            </>
          )}
        </For>
      </dl>
    </Show>
  );
}

export function SpanDetails(props: { span: Span; utc: boolean; criticalUs: number | undefined; onZoom: () => void }) {
  const err = () => props.span.statusCode === 2;
  return (
    <aside class="card stack" aria-label="Span details" style={{ gap: "8px" }}>
      <div>
        <div class="muted" style={{ "font-size": "12px" }}>
          {props.span.service}
        </div>
        <h2 style={{ margin: 0, "overflow-wrap": "anywhere" }}>{props.span.name}</h2>
      </div>
      <div class="row">
        <span class="chip">{fmtUs(props.span.endUs - props.span.startUs)}</span>
        <span class={`chip ${err() ? "sev-critical" : "sev-ok"}`}>
          {err() ? "⚠ ERROR" : props.span.statusCode === 1 ? "OK" : "UNSET"}
        </span>
        <Show when={props.criticalUs}>
          <span class="chip" title="Time this span spends on the critical path">
            critical {fmtUs(props.criticalUs!)}
          </span>
        </Show>
      </div>
      <Show when={props.span.statusMessage}>
        <p class={err() ? "tl-bad" : ""} style={{ margin: 0, "overflow-wrap": "anywhere" }}>
          {props.span.statusMessage}
        </p>
      </Show>
      <div class="muted mono" style={{ "font-size": "12px" }}>
        start {formatTime(props.span.startUs / 1000, props.utc)} · span {props.span.spanId}
      </div>
      <div class="row">
        <button class="btn" onClick={() => props.onZoom()}>
          Zoom to span
        </button>
        <Link class="btn" href={`/logs?traceId=${props.span.traceId}`}>
          Logs of trace
        </Link>
        <Link
          class="btn"
          href={`/traces?service=${encodeURIComponent(props.span.service)}&operation=${encodeURIComponent(props.span.name)}`}
        >
          Similar spans
        </Link>
      </div>
      <h3 style={{ margin: 0 }}>Attributes</h3>
      <KV data={props.span.attributes} label="Attributes" />
      <h3 style={{ margin: 0 }}>Events</h3>
      <Show when={props.span.events.length} fallback={<p class="muted">No events.</p>}>
        <ul style={{ margin: 0, padding: "0 0 0 16px" }} aria-label="Events">
          <For each={props.span.events}>
            {(ev) => (
              <li>
                <strong>{ev.name}</strong> <span class="muted">+{fmtUs(ev.timeUs - props.span.startUs)}</span>
                <KV data={ev.attributes} label="Event attributes" />
              </li>
            )}
          </For>
        </ul>
      </Show>
      <details>
        <summary>Resource</summary>
        <KV data={props.span.resource} label="Resource" />
      </details>
    </aside>
  );
}
