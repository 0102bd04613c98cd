import type { LiveStatus } from "../../api/live";

export function LiveBadge(props: { status: LiveStatus }) {
  const text = () =>
    props.status === "live" ? "● Live" : props.status === "connecting" ? "○ Connecting…" : "○ Offline, reconnecting";
  return (
    <span
      role="status"
      aria-label={`Live updates: ${props.status}`}
      class={`chip ${props.status === "live" ? "sev-ok" : "sev-warning"}`}
    >
      {text()}
    </span>
  );
}
