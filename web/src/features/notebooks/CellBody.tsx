import DOMPurify from "dompurify";
import { For, Match, Show, Switch } from "solid-js";
import type { CellView } from "../../api/notebooks";
import { formatTime } from "../../lib/time";
import { Chip } from "../../ui/Chip";
import { Link } from "../../ui/Link";
import { explorerHref } from "../explorer/url";
import { SnapshotChart } from "./SnapshotChart";
import { COMPARISON_TEXT, figureOf, RANKED_BY_TEXT } from "../ddx/divergence";

const str = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : JSON.stringify(v));

/** Every cell kind rendered inert: markdown HTML comes from the server and is sanitised again here. */
export function CellBody(props: { cell: CellView; utc: boolean; readOnly?: boolean }) {
  const c = () => props.cell;
  return (
    <Switch fallback={<pre class="muted">unknown cell type {c().type}</pre>}>
      <Match when={c().type === "markdown"}>
        <div class="md" innerHTML={DOMPurify.sanitize(c().html ?? "", { USE_PROFILES: { html: true } })} />
      </Match>
      <Match when={c().type === "query_chart"}>
        <div class="stack" style={{ gap: "4px" }}>
          <code style={{ "overflow-wrap": "anywhere" }}>{str(c().query)}</code>
          <Show when={!props.readOnly && c().datasource !== "traces" && c().datasource !== "logs"}>
            <Link href={explorerHref(str(c().query))}>Open in explorer</Link>
          </Show>
        </div>
      </Match>
      <Match when={c().type === "snapshot_chart"}>
        <SnapshotChart query={str(c().query)} data={c().data} utc={props.utc} />
      </Match>
      <Match when={c().type === "ddx"}>
        <DdxCell cell={c()} />
      </Match>
      <Match when={c().type === "log_line"}>
        <div class="stack" style={{ gap: "4px" }}>
          <div class="row muted">
            <span>
              {formatTime(
                typeof c().timestamp === "number" ? (c().timestamp as number) : Date.parse(str(c().timestamp)),
                props.utc,
              )}
            </span>
            <Show when={c().severity}>
              <Chip label={str(c().severity)} class={/error|fatal/i.test(str(c().severity)) ? "sev-critical" : ""} />
            </Show>
            <Show when={c().service}>
              <span>{str(c().service)}</span>
            </Show>
          </div>
          <pre class="mono" style={{ margin: 0 }}>
            {str(c().body)}
          </pre>
          <Show when={c().traceId && !props.readOnly}>
            <Link href={`/traces/${str(c().traceId)}`}>Trace {str(c().traceId).slice(0, 12)}…</Link>
          </Show>
        </div>
      </Match>
      <Match when={c().type === "trace_link"}>
        <div>
          <Show when={!props.readOnly} fallback={<code>{str(c().traceId)}</code>}>
            <Link href={`/traces/${str(c().traceId)}`}>Trace {str(c().traceId)}</Link>
          </Show>
          <Show when={c().summary}>
            <p class="muted">{str(c().summary)}</p>
          </Show>
        </div>
      </Match>
      <Match when={c().type === "alert"}>
        <div class="row">
          <Show when={c().severity}>
            <Chip label={str(c().severity).toUpperCase()} class={`sev-${str(c().severity)}`} />
          </Show>
          <Show when={!props.readOnly} fallback={<span>{str(c().monitorSlug) || str(c().alertId)}</span>}>
            <Link href={`/alerts/${str(c().alertId)}`}>{str(c().monitorSlug) || str(c().alertId)}</Link>
          </Show>
          <span class="muted">{str(c().state)}</span>
          <For each={Object.entries((c().labels as Record<string, string>) ?? {})}>
            {([k, v]) => <Chip label={`${k}=${v}`} />}
          </For>
        </div>
      </Match>
    </Switch>
  );
}

/** A DDx result: the ranked label=value list as the analysis produced it, with the same figure and reason as the
 * DDx page (older snapshots show their score). */
function DdxCell(props: { cell: CellView }) {
  const rows = () => {
    // The stored result is the server's DDx snapshot ({ output: { ranked } }) or a bare ranked list.
    const r = props.cell.result as
      | { ranked?: unknown[]; items?: unknown[]; output?: { ranked?: unknown[] } }
      | unknown[]
      | null;
    const list = Array.isArray(r) ? r : (r?.output?.ranked ?? r?.ranked ?? r?.items ?? []);
    return (list as Record<string, unknown>[]).slice(0, 10);
  };
  const figure = (x: Record<string, unknown>) =>
    typeof x.divergence === "number"
      ? `divergence ${figureOf({ divergence: x.divergence, score: x.divergence }).text}`
      : typeof x.score === "number"
        ? `score ${x.score.toFixed(2)}`
        : str(x.score);
  // Which comparison the figure comes from: a metric row's `comparison`, a trace row's `rankedBy`.
  const by = (x: Record<string, unknown>) =>
    typeof x.rankedBy === "string"
      ? (RANKED_BY_TEXT[x.rankedBy] ?? "")
      : typeof x.comparison === "string"
        ? (COMPARISON_TEXT[x.comparison] ?? "")
        : "";
  const reason = (x: Record<string, unknown>) =>
    typeof x.reason === "string" ? x.reason : typeof x.explanation === "string" ? x.explanation : "";
  return (
    <div class="stack" style={{ gap: "4px" }}>
      <Show when={props.cell.query}>
        <code style={{ "overflow-wrap": "anywhere" }}>{str(props.cell.query)}</code>
      </Show>
      <ol style={{ margin: 0, "padding-left": "20px" }}>
        <For each={rows()}>
          {(x) => (
            <li>
              <strong>
                {str(x.label ?? x.key)}={str(x.value)}
              </strong>{" "}
              <span class="muted">
                {figure(x)}
                <Show when={by(x) && x.comparison !== "none"}> ({by(x)})</Show>
              </span>
              <Show when={reason(x)}>
                <div class="muted" style={{ "overflow-wrap": "anywhere" }}>
                  {reason(x)}
                </div>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </div>
  );
}
