import { For, Show } from "solid-js";
import type { LogLine } from "../../api/logs";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";
import { AddToNotebook } from "../notebooks/AddToNotebook";

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function LineDetails(props: { line: LogLine; utc: boolean; onClose: () => void }) {
  return (
    <aside class="card stack" aria-label="Log line details" style={{ gap: "8px" }}>
      <div class="row" style={{ "justify-content": "space-between" }}>
        <strong class={`lv-${props.line.level}`}>
          {props.line.level.toUpperCase()} · {props.line.service}
        </strong>
        <button class="btn ghost" aria-label="Close details" onClick={() => props.onClose()}>
          ×
        </button>
      </div>
      <div class="muted mono">{formatTime(props.line.timeUs / 1000, props.utc)}</div>
      <pre style={{ margin: 0 }}>{props.line.body}</pre>
      <div class="row">
        <Show when={props.line.traceId} fallback={<span class="muted">No trace id on this line.</span>}>
          <Link
            class="btn"
            href={`/traces/${props.line.traceId}${props.line.spanId ? `?span=${props.line.spanId}` : ""}`}
          >
            Open trace
          </Link>
          <Link class="btn" href={`/logs?traceId=${props.line.traceId}`}>
            All logs of trace
          </Link>
        </Show>
        <AddToNotebook
          label="Add line to notebook"
          cell={() => ({
            type: "log_line",
            timestamp: Math.floor(props.line.timeUs / 1000),
            body: props.line.body.slice(0, 20_000),
            service: props.line.service,
            severity: props.line.severityText || props.line.level,
            traceId: props.line.traceId || undefined,
            spanId: props.line.spanId || undefined,
            attributes: props.line.attributes,
          })}
        />
      </div>
      <dl class="tl-kv" aria-label="Line fields">
        <dt>trace id</dt>
        <dd>{props.line.traceId || "–"}</dd>
        <dt>span id</dt>
        <dd>{props.line.spanId || "–"}</dd>
        <dt>severity</dt>
        <dd>
          {props.line.severityText || "–"} ({props.line.severityNumber})
        </dd>
        <For each={Object.entries(props.line.attributes).sort(([a], [b]) => a.localeCompare(b))}>
          {([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{show(v)}</dd>
            </>
          )}
        </For>
      </dl>
      <details>
        <summary>Resource</summary>
        <dl class="tl-kv">
          <For each={Object.entries(props.line.resource)}>
            {([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd>{show(v)}</dd>
              </>
            )}
          </For>
        </dl>
      </details>
    </aside>
  );
}
