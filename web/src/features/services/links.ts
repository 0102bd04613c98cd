// Where a click on the dependency map leads: the trace explorer, the logs explorer and DDx, pre-filtered.
import type { MapSelection } from "./DependencyMap";

export interface SelectionLinks {
  title: string;
  traces: string;
  logs: string;
  ddx: string;
}

export function selectionLinks(
  s: MapSelection,
  startMs: number,
  endMs: number,
  external: (id: string) => boolean,
): SelectionLinks {
  const win = `start=${Math.floor(startMs)}&end=${Math.ceil(endMs)}`;
  const enc = encodeURIComponent;
  if (s.kind === "node") {
    // External callees have no spans of their own: their calls are the client spans of their callers.
    const svc = external(s.id) ? null : s.id;
    return {
      title: s.id,
      traces: svc ? `/traces?service=${enc(svc)}` : `/traces?tag=${enc(`net.peer.name=${s.id}`)}`,
      logs: svc ? `/logs?service=${enc(svc)}` : `/logs?q=${enc(s.id)}`,
      ddx: `/ddx?kind=traces&service=${enc(svc ?? s.id)}&${win}`,
    };
  }
  // An edge: the callee's failing spans when it is a service, else the caller's calls out.
  const svc = external(s.target) ? s.source : s.target;
  return {
    title: `${s.source} → ${s.target}`,
    traces: `/traces?service=${enc(svc)}&status=error`,
    logs: `/logs?service=${enc(svc)}&severity=warn`,
    ddx: `/ddx?kind=traces&service=${enc(svc)}&${win}`,
  };
}
