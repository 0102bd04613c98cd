import { Show } from "solid-js";
import type { MonitorHealthView } from "../../../../core/contracts/alerting";
import { formatAgo, formatTime } from "../../lib/time";
import { formatMs, HEALTH_LABEL, healthLine, type Health } from "./health";

/** A monitor's evaluation health as a chip: loud when it cannot evaluate. */
export function HealthChip(props: { health: MonitorHealthView | null | undefined; enabled?: boolean }) {
  const h = (): Health | "disabled" => (props.enabled === false ? "disabled" : (props.health?.health ?? "unknown"));
  const label = () => (h() === "disabled" ? "Disabled" : HEALTH_LABEL[h() as Health]);
  return (
    <span class={`chip health-${h()}`} role="status" aria-label={`Health: ${label()}`}>
      {label()}
    </span>
  );
}

/** Health, last error, evaluation time and last check, as Prometheus' rules page shows them for each rule. */
export function HealthDetails(props: {
  health: MonitorHealthView;
  intervalSeconds: number;
  nextCheckAt?: number | null;
  now: number;
  utc: boolean;
}) {
  const h = () => props.health;
  return (
    <section class={`card stack health-card health-${h().health}`} aria-label="Monitor health" style={{ gap: "6px" }}>
      <div class="row">
        <h2 style={{ margin: 0, "font-size": "16px" }}>Health</h2>
        <HealthChip health={h()} />
      </div>
      <p style={{ margin: 0 }}>{healthLine(h(), props.intervalSeconds, props.now)}</p>
      <dl class="health-facts">
        <dt>Last check</dt>
        <dd>
          {h().lastCheckAt === null
            ? "never"
            : `${formatAgo(h().lastCheckAt!, props.now)} (${formatTime(h().lastCheckAt!, props.utc)})`}
        </dd>
        <dt>Evaluation time</dt>
        <dd>{h().evalMs === null ? "–" : formatMs(h().evalMs!)}</dd>
        <dt>Series</dt>
        <dd>{h().series ?? "–"}</dd>
        <Show when={props.nextCheckAt}>
          <dt>Next check</dt>
          <dd>{formatTime(props.nextCheckAt!, props.utc)}</dd>
        </Show>
        <Show when={h().lastError}>
          <dt>Last error</dt>
          <dd>
            <code style={{ "overflow-wrap": "anywhere" }}>{h().lastError}</code>
            <Show when={h().lastErrorAt}>
              <span class="muted"> · {formatTime(h().lastErrorAt!, props.utc)}</span>
            </Show>
          </dd>
        </Show>
      </dl>
    </section>
  );
}
