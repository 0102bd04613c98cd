import { useQuery } from "@tanstack/solid-query";
import { createMemo, Show } from "solid-js";
import { serviceGraph, serviceQueries } from "../../api/services";
import { Link } from "../../ui/Link";
import { downstreamErrorSource } from "./downstream";

/** On a caller's Trace DDx: the downstream service whose spans carry the errors, one tap away. */
export function DownstreamHint(props: {
  service: string;
  window: { start: number; end: number };
  scope: string[];
  href: (service: string) => string;
}) {
  const q = () => ({
    service: props.service,
    start: String(props.window.start),
    end: String(props.window.end),
    scope: props.scope.length ? props.scope : undefined,
  });
  const graph = useQuery(() => ({
    queryKey: serviceQueries.graph(q()),
    queryFn: ({ signal }) => serviceGraph(q(), signal),
    staleTime: 60_000,
  }));
  const source = createMemo(() => (graph.data ? downstreamErrorSource(props.service, graph.data) : null));
  return (
    <Show when={source()}>
      {(s) => (
        <p class="card" role="note" aria-label="Where the errors come from">
          The errors of {props.service} come from further down: <strong>{s().service}</strong> fails{" "}
          {s().errorsPerMin.toFixed(s().errorsPerMin < 10 ? 1 : 0)} requests/min.{" "}
          <Link class="btn" href={props.href(s().service)}>
            Trace DDx on {s().service}
          </Link>
        </p>
      )}
    </Show>
  );
}
