import { useQuery } from "@tanstack/solid-query";
import { createMemo, Match, Switch } from "solid-js";
import type { AlertDetail } from "../../api/alerts";
import { changeMarkers } from "../../api/changes";
import { queryRange } from "../../api/prom";
import { metricQueries } from "../../api/queries";
import { distinctLabels, shortLabel, toAlignedData } from "../../charts/aligned";
import type { Marker } from "../../charts/markers";
import { TimeSeriesChart } from "../../charts/TimeSeriesChart";
import { stepFor } from "../../lib/time";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { conditionText } from "./condition";

/** The monitor's query over the alert window, for this alert's signal, with the threshold and the changes. */
export function AlertChart(props: { detail: AlertDetail; utc: boolean }) {
  const d = () => props.detail;
  const win = createMemo(() => {
    const end = d().alert.resolvedAt ? d().alert.resolvedAt! + 10 * 60_000 : Date.now();
    const start = Math.min(d().window.from, (d().alert.firingAt ?? d().alert.startedAt) - 30 * 60_000);
    return { start, end, step: stepFor(start, end) };
  });
  const q = () => d().monitor?.query ?? "";
  const data = useQuery(() => ({
    queryKey: metricQueries.range(q(), win().start, win().end, win().step),
    queryFn: () => queryRange({ query: q(), ...win() }),
    enabled: !!q(),
  }));
  // Only the series of this alert's signal: the others belong to other alerts of the same monitor.
  const series = createMemo(() =>
    (data.data ?? []).filter((s) =>
      Object.entries(d().alert.signalLabels).every(([k, v]) => (s.metric[k] ?? "") === v),
    ),
  );
  const keys = createMemo(() => distinctLabels(series()));
  const unit = () => d().monitor?.unit ?? "";
  const thresholds = createMemo(() =>
    d().thresholds.map((t) => ({
      value: t.threshold,
      label: `${t.severity} when ${conditionText(t, unit())}`,
      color: t.severity === "critical" ? "#f85149" : "#d29922",
    })),
  );
  // This alert as one band from firing to resolution; the changes around it as lines.
  const markers = createMemo((): Marker[] => {
    const a = d().alert;
    const own = (time: number, state: string): Marker => ({
      time,
      label: `${a.monitorName} ${state}`,
      detail: `${a.monitorName} ${state}`,
      kind: "alert",
      group: a.id,
      state,
      card: { title: a.monitorName, source: "Vigil alerting", region: a.signalLabels.region },
    });
    return [
      ...changeMarkers(d().changeEvents).filter((m) => m.group !== a.id),
      ...(a.firingAt ? [own(a.firingAt, "firing")] : []),
      ...(a.resolvedAt ? [own(a.resolvedAt, "resolved")] : []),
    ];
  });
  return (
    <Switch>
      <Match when={!q()}>
        <Empty title="The monitor of this alert no longer exists" />
      </Match>
      <Match when={data.isError}>
        <ErrorState error={data.error} retry={() => data.refetch()} />
      </Match>
      <Match when={data.isPending}>
        <Loading what="chart" />
      </Match>
      <Match when={true}>
        <TimeSeriesChart
          title={`${d().alert.monitorName}: value vs threshold`}
          caption={`${q()} · thresholds ${thresholds()
            .map((t) => t.label)
            .join(", ")}`}
          data={toAlignedData(series())}
          labels={series().map((s) => shortLabel(s.metric, keys()))}
          unit={unit() || undefined}
          thresholds={thresholds()}
          markers={markers()}
          utc={props.utc}
        />
      </Match>
    </Switch>
  );
}
