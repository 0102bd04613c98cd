import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, Show } from "solid-js";
import { getIncidentSettings, incidentQueries, putIncidentGroupBy } from "../../api/incidents";
import { ErrorState } from "../../ui/State";
import { describeGroupBy, makeGroupBy } from "./group-by";

/**
 * The workspace's group-by (like Alertmanager's group_by): firing alerts carrying every label, with the same values,
 * join one incident. Admins change it; it applies to alerts grouped from then on.
 */
export function GroupByForm() {
  const qc = useQueryClient();
  const settings = useQuery(() => ({ queryKey: incidentQueries.settings, queryFn: getIncidentSettings }));
  const [text, setText] = createSignal<string | null>(null);
  const current = () => settings.data?.groupBy ?? [];
  const save = useMutation(() => ({
    mutationFn: () => putIncidentGroupBy(makeGroupBy(text() ?? current().join(", "))),
    onSuccess: (s) => (
      qc.setQueryData(incidentQueries.settings, s),
      setText(null),
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
          <button class="btn primary" type="submit" disabled={save.isPending || !settings.data}>
            Save grouping
          </button>
        </div>
        <p class="muted" style={{ margin: 0 }}>
          Firing alerts that carry every one of these labels, with the same values, join one open incident (at most 5
          labels; none turns grouping off). A change applies to alerts grouped from now on: incidents already open keep
          their alerts. Admins only.
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
