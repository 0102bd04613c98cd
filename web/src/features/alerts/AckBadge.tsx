import { Show } from "solid-js";
import type { Alert } from "../../api/alerts";
import { formatAgo } from "../../lib/time";

/** "Acked by @ana 3 min ago": wherever an alert appears, who is on it. The comment is in the tooltip. */
export function AckBadge(props: { alert: Alert; now: number; class?: string }) {
  return (
    <Show when={props.alert.ack}>
      {(ack) => (
        <span
          class={props.class ?? "ack-badge"}
          style={props.class ? undefined : { "font-size": "0.85em", color: "var(--ok, #2e7d32)", "font-weight": 600 }}
          data-testid="ack-badge"
          title={ack().comment || undefined}
          aria-label={`Acknowledged by ${ack().by.name}`}
        >
          Acked by @{ack().by.handle} {formatAgo(ack().at, props.now)}
        </span>
      )}
    </Show>
  );
}
