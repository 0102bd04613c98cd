// Live alert state: the WebSocket feed patches the query cache in place (no polling for alert state).
import { useQueryClient } from "@tanstack/solid-query";
import { alertSchema, mergeAlert, type Alert } from "../../api/alerts";
import { createLiveFeed } from "../../api/live";
import { alertQueries, homeQueries } from "../../api/queries";

export function createLiveAlerts(onAlert?: (a: Alert) => void) {
  const qc = useQueryClient();
  return createLiveFeed((m) => {
    if (
      m.event.kind === "alert.transition" ||
      m.event.kind === "alert.muted" ||
      m.event.kind === "alert.resolution_note"
    ) {
      const parsed = alertSchema.safeParse(m.event.data.alert);
      if (parsed.success) {
        for (const state of ["active", "all", "firing", "resolved", "pending"]) {
          qc.setQueryData(alertQueries.list(state), (old: Alert[] | undefined) => {
            if (!old) return old;
            const keep =
              state === "all" ||
              (state === "active"
                ? parsed.data.state === "firing" || parsed.data.state === "pending"
                : parsed.data.state === state);
            return keep ? mergeAlert(old, parsed.data) : old.filter((a) => a.id !== parsed.data.id);
          });
        }
        onAlert?.(parsed.data);
      } else void qc.invalidateQueries({ queryKey: alertQueries.all });
      const id = (parsed.success ? parsed.data.id : (m.event.data.alertId as string | undefined)) ?? null;
      if (id) void qc.invalidateQueries({ queryKey: alertQueries.detail(id) });
      void qc.invalidateQueries({ queryKey: homeQueries.all });
    } else if (m.event.kind.startsWith("comment.") || m.event.kind.startsWith("mute.")) {
      void qc.invalidateQueries({ queryKey: alertQueries.all });
    }
  });
}
