import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, Show } from "solid-js";
import { getIncidentSettings, incidentQueries, putIncidentSettings } from "../../api/incidents";
import { ErrorState } from "../../ui/State";
import { describeGroupBy, makeGroupBy } from "./group-by";

/**
 * The workspace's group-by (like Alertmanager's group_by): firing alerts carrying every label, with the same values,
 * join one incident; and whether alerts also join through the service graph and through change events. Admins
 * change it; it applies to alerts grouped from then on.
 */
export function GroupByForm() {
  const qc = useQueryClient();
  const settings = useQuery(() => ({ queryKey: incidentQueries.settings, queryFn: getIncidentSettings }));
  const [text, setText] = createSignal<string | null>(null);
  const [graph, setGraph] = createSignal<boolean | null>(null);
  const [changes, setChanges] = createSignal<boolean | null>(null);
  const current = () => settings.data?.groupBy ?? [];
  const save = useMutation(() => ({
    mutationFn: () =>
      putIncidentSettings({
        groupBy: makeGroupBy(text() ?? current().join(", ")),
        serviceGraph: graph() ?? settings.data?.serviceGraph ?? true,
        changeEvents: changes() ?? settings.data?.changeEvents ?? true,
      }),
    onSuccess: (s) => (
      qc.setQueryData(incidentQueries.settings, s),
      setText(null),
      setGraph(null),
      setChanges(null),
      qc.invalidateQueries({ queryKey: incidentQueries.all })
    ),
  }));
  return (
    <details class="card" aria-label="Group firing alerts by labels">
      <summary>
        <strong>Group firing alerts by labels</strong>:{" "}
        <span class="mono" data-testid="group-by-current">
          {settings.data ? describeGroupBy(current()) : "…"}
        </span>
      </summary>
      <form
        class="stack"
        style={{ "margin-top": "8px", gap: "6px" }}
        onSubmit={(e) => (e.preventDefault(), save.mutate())}
      >
        <div class="row" style={{ "flex-wrap": "wrap", "align-items": "flex-end" }}>
          <label class="field" style={{ flex: 1, "min-width": "14ch" }}>
            Label names, comma-separated
            <input
              name="groupBy"
              value={text() ?? current().join(", ")}
              onInput={(e) => setText(e.currentTarget.value)}
              placeholder="team, environment, region"
              autocomplete="off"
            />
          </label>
          <label class="row" style={{ gap: "4px" }}>
            <input
              type="checkbox"
              name="serviceGraph"
              checked={graph() ?? settings.data?.serviceGraph ?? true}
              onChange={(e) => setGraph(e.currentTarget.checked)}
            />
            Service-graph neighbours
          </label>
          <label class="row" style={{ gap: "4px" }}>
            <input
              type="checkbox"
              name="changeEvents"
              checked={changes() ?? settings.data?.changeEvents ?? true}
              onChange={(e) => setChanges(e.currentTarget.checked)}
            />
            Same change event
          </label>
          <button class="btn primary" type="submit" disabled={save.isPending || !settings.data}>
            Save grouping
          </button>
        </div>
        <p class="muted" style={{ margin: 0 }}>
          Firing alerts that carry every one of these labels, with the same values, join one open incident (at most 5
          labels; none turns grouping off). A change applies to alerts grouped from now on: incidents already open keep
          their alerts. An alert also joins an open incident holding its service or a direct neighbour on the service
          graph (breaching within 10 minutes of the incident's latest alert), or one holding an alert that follows the
          same change event (the latest matching change up to 30 minutes before the breach). Admins only.
        </p>
        <Show when={save.isSuccess && text() === null}>
          <p role="status" style={{ margin: 0 }}>
            Saved: grouping by {describeGroupBy(current())}.
          </p>
        </Show>
      </form>
      <Show when={settings.error ?? save.error}>
        <ErrorState
          error={settings.error ?? save.error}
          title={save.error ? "Could not save the grouping" : "Could not load the grouping"}
        />
      </Show>
    </details>
  );
}
