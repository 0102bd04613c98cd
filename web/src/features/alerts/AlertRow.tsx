import { For, Show } from "solid-js";
import { displayState, type Alert } from "../../api/alerts";
import { formatAgo } from "../../lib/time";
import { AckBadge } from "./AckBadge";
import { Chip, SeverityChip } from "../../ui/Chip";
import { Link } from "../../ui/Link";

export function AlertRow(props: { alert: Alert; now: number }) {
  const a = () => props.alert;
  return (
    <li class="card" style={{ display: "flex", gap: "8px", "align-items": "flex-start", "flex-wrap": "wrap" }}>
      <SeverityChip state={displayState(a())} />
      <div style={{ flex: 1, "min-width": "200px" }}>
        <Link href={`/alerts/${a().id}`} style={{ "font-weight": 600, display: "inline-block", "min-height": "24px" }}>
          {a().monitorName}
        </Link>
        <div class="row" style={{ gap: "4px", "margin-top": "4px" }}>
          <For each={Object.entries(a().signalLabels)}>{([k, v]) => <Chip label={`${k}=${v}`} />}</For>
        </div>
      </div>
      <AckBadge alert={a()} now={props.now} />
      <Show when={a().state === "firing" && a().inhibitedBy?.length}>
        <Chip label="inhibited" class="sev-muted" />
      </Show>
      <span class="muted">
        {a().state === "resolved" && a().resolvedAt
          ? `resolved ${formatAgo(a().resolvedAt!, props.now)}`
          : a().state === "nodata" && a().noDataSince
            ? `no data since ${formatAgo(a().noDataSince!, props.now).replace(" ago", "")}`
            : `since ${formatAgo(a().firingAt ?? a().startedAt, props.now)}`}
      </span>
    </li>
  );
}
