import { keepPreviousData, useQuery } from "@tanstack/solid-query";
import { createMemo, Match, Switch } from "solid-js";
import { serviceGraph, serviceQueries } from "../../api/services";
import { formatScope } from "../../lib/scope";
import { navigate } from "../../lib/router";
import { withGlobals } from "../../lib/url-state";
import { Link } from "../../ui/Link";
import { Empty, ErrorState, Loading } from "../../ui/State";
import type { Panel } from "../../../../core/contracts/dashboards";
import { DependencyMap, type MapSelection } from "../services/DependencyMap";
import type { PanelCtx } from "./panel-ctx";
import { parsePanelSearch } from "./search-query";
import "../traces/telemetry.css";

/** The dependency map around the panel's service, read-only: a click opens the service page on that part. */
export function ServiceMapPanel(props: { panel: Panel; ctx: PanelCtx }) {
  const service = createMemo(() => parsePanelSearch(props.panel.queries[0]?.expr ?? "", props.ctx.vars).service);
  const q = createMemo(() => ({
    service: service(),
    start: String(Math.floor(props.ctx.win.start)),
    end: String(Math.ceil(props.ctx.win.end)),
    scope: props.ctx.scope.length ? formatScope(props.ctx.scope) : undefined,
  }));
  const graph = useQuery(() => ({
    queryKey: [...serviceQueries.graph(q()), "panel"],
    queryFn: ({ signal }) => serviceGraph(q(), signal),
    enabled: !!service(),
    placeholderData: keepPreviousData,
  }));
  const page = () => `/services/${encodeURIComponent(service())}`;
  const open = (s: MapSelection) =>
    navigate(
      withGlobals(
        `${page()}?sel=${encodeURIComponent(s.kind === "node" ? `node:${s.id}` : `edge:${s.source}>${s.target}`)}`,
        location.search,
      ),
    );
  return (
    <div class="dash-fill">
      <Switch>
        <Match when={!service()}>
          <Empty title="This panel names no service">
            <p class="muted">
              Set its query to <code>service.name="checkout-service"</code>.
            </p>
          </Empty>
        </Match>
        <Match when={graph.isError}>
          <ErrorState title="The dependency map failed" error={graph.error} retry={() => graph.refetch()} />
        </Match>
        <Match when={graph.isPending}>
          <Loading what="dependency map" />
        </Match>
        <Match when={graph.data!.nodes.length === 0}>
          <Empty title={`No spans from ${service()} in this range`}>
            <p class="muted">
              The map is drawn from traces; widen the time range or check that {service()} sends spans.
            </p>
          </Empty>
        </Match>
        <Match when={true}>
          <div class="dash-scroll dash-map">
            <DependencyMap focus={service()} nodes={graph.data!.nodes} edges={graph.data!.edges} onSelect={open} />
          </div>
        </Match>
      </Switch>
      <p class="muted dash-panel-foot">
        <span>{graph.isSuccess && graph.data.truncated ? "partial: too many spans in range" : ""}</span>
        <Link href={page()}>Open service page</Link>
      </p>
    </div>
  );
}
