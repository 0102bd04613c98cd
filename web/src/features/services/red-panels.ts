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
  /** The PromQL behind the panel, when it comes from metrics. */
  query?: string | null;
}

export function fmtStep(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** Where the numbers come from, the scope and the step: the caption every panel carries. */
export function redSource(
  s: Pick<RedSeries, "service" | "basis" | "stepMs" | "origin" | "familyTitle">,
  scope: string[],
): string {
  const where = scope.length ? ` · scope ${scope.join(", ")}` : "";
  if (s.origin === "metrics") return `${s.familyTitle ?? "metrics"}${where} · step ${fmtStep(s.stepMs)}`;
  const kinds = s.basis === "server" ? "server and consumer spans" : "all spans (no server spans)";
  const sampled = s.origin === "weighted-spans" ? "weighted by sampling probability" : "sampled, not weighted";
  return `${kinds} of service.name="${s.service}" (${sampled})${where} · step ${fmtStep(s.stepMs)}`;
}

export function redPanels(s: RedSeries): RedPanel[] {
  const x = s.t.map((t) => t / 1000);
  const q = s.queries;
  return [
    {
      key: "requests",
      title: "Requests per second",
      unit: "req/s",
      label: "requests/s",
      data: [x, s.requestsPerSec],
      query: q?.requests,
    },
    {
      key: "errors",
      title: "Errors per second",
      unit: "err/s",
      label: "errors/s",
      data: [x, s.errorsPerSec],
      query: q?.errors,
    },
    // The PromQL answers seconds; the chart reads milliseconds.
    { key: "duration", title: "p99 duration", unit: "ms", label: "p99", data: [x, s.p99Ms], query: q?.p99 },
  ];
}

/** Change events about this service: labelled with it (service=..., app=...) or naming it in the title. */
export function serviceChanges(events: readonly ChangeEventView[], service: string): ChangeEventView[] {
  const re = new RegExp(`(^|[^\\w-])${service.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^\\w-]|$)`);
  return events.filter((e) => Object.values(e.labels).includes(service) || re.test(e.title));
}
