// A service's RED series -> three chart panels (requests/s, errors/s, p99), each with its unit and a
// caption saying where the numbers come from; and which change events belong on them.
import type { RedSeries } from "../../api/services";
import type { ChangeEventView } from "../../api/changes";
import type { Aligned } from "../../charts/aligned";

export interface RedPanel {
  key: "requests" | "errors" | "duration";
  title: string;
  unit: string;
  label: string;
  data: Aligned;
}

export function fmtStep(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** "spans of X (server and consumer) · step 1m": the caption every panel carries. */
export function redSource(s: Pick<RedSeries, "service" | "basis" | "stepMs">, scope: string[]): string {
  const kinds = s.basis === "server" ? "server and consumer spans" : "all spans (no server spans)";
  const where = scope.length ? ` · scope ${scope.join(", ")}` : "";
  return `${kinds} of service.name="${s.service}"${where} · step ${fmtStep(s.stepMs)}`;
}

export function redPanels(s: RedSeries): RedPanel[] {
  const x = s.t.map((t) => t / 1000);
  return [
    { key: "requests", title: "Requests per second", unit: "req/s", label: "requests/s", data: [x, s.requestsPerSec] },
    { key: "errors", title: "Errors per second", unit: "err/s", label: "errors/s", data: [x, s.errorsPerSec] },
    { key: "duration", title: "p99 duration", unit: "ms", label: "p99", data: [x, s.p99Ms] },
  ];
}

/** Change events about this service: labelled with it (service=..., app=...) or naming it in the title. */
export function serviceChanges(events: readonly ChangeEventView[], service: string): ChangeEventView[] {
  const re = new RegExp(`(^|[^\\w-])${service.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^\\w-]|$)`);
  return events.filter((e) => Object.values(e.labels).includes(service) || re.test(e.title));
}
