import { useMutation, useQueryClient } from "@tanstack/solid-query";
import { Show } from "solid-js";
import type { AlertDetail } from "../../api/alerts";
import { incidentQueries, openIncident } from "../../api/incidents";
import { navigate } from "../../lib/router";
import { Link } from "../../ui/Link";
import { ErrorState } from "../../ui/State";

/** The incident this alert belongs to, linked; or a button that opens one from it. */
export function IncidentLink(props: { detail: AlertDetail }) {
  const qc = useQueryClient();
  const open = useMutation(() => ({
    mutationFn: () => openIncident({ alertIds: [props.detail.alert.id] }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: incidentQueries.all });
      navigate(`/incidents/${encodeURIComponent(d.incident.id)}`);
    },
  }));
  return (
    <Show
      when={props.detail.incident}
      fallback={
        <Show when={props.detail.alert.state !== "resolved"}>
          <div class="row">
            <button class="btn" onClick={() => open.mutate()} disabled={open.isPending}>
              Open incident
            </button>
            <Show when={open.error}>
              <ErrorState error={open.error} />
            </Show>
          </div>
        </Show>
      }
    >
      {(inc) => (
        <section class="card" aria-label="Incident">
          Part of incident <Link href={`/incidents/${encodeURIComponent(inc().id)}`}>{inc().title}</Link>{" "}
          <span class="muted">({inc().status})</span>
        </section>
      )}
    </Show>
  );
}
