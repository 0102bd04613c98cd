// Live alert state: the WebSocket feed patches the query cache in place (no polling for alert state).
import { useQueryClient } from "@tanstack/solid-query";
import { alertSchema, isActive, mergeAlert, type Alert } from "../../api/alerts";
import { createLiveFeed } from "../../api/live";
import { refetchAfterEvent } from "../../api/live-refresh";
import { alertQueries, homeQueries } from "../../api/queries";

export function createLiveAlerts(onAlert?: (a: Alert) => void) {
  const qc = useQueryClient();
  // Events were lost (the feed no longer kept them): the cached lists may be stale in any way, refetch them
  // (asking again even when a first load is in flight, see refetchAfterEvent).
  const resync = () => {
    void refetchAfterEvent(qc, alertQueries.all);
    void refetchAfterEvent(qc, homeQueries.all);
  };
  return createLiveFeed((m) => {
    if (
      m.event.kind === "alert.transition" ||
      m.event.kind === "alert.muted" ||
      m.event.kind === "alert.acknowledged" ||
      m.event.kind === "alert.unacknowledged" ||
      m.event.kind === "alert.resolution_note"
    ) {
      const parsed = alertSchema.safeParse(m.event.data.alert);
      if (parsed.success) {
        for (const state of ["active", "all", "firing", "nodata", "resolved", "pending"]) {
          qc.setQueryData(alertQueries.list(state), (old: Alert[] | undefined) => {
            if (!old) return old;
            const keep = state === "all" || (state === "active" ? isActive(parsed.data) : parsed.data.state === state);
            return keep ? mergeAlert(old, parsed.data) : old.filter((a) => a.id !== parsed.data.id);
          });
        }
        onAlert?.(parsed.data);
      } else void refetchAfterEvent(qc, alertQueries.all);
      const id = (parsed.success ? parsed.data.id : (m.event.data.alertId as string | undefined)) ?? null;
      if (id) void refetchAfterEvent(qc, alertQueries.detail(id));
      void refetchAfterEvent(qc, homeQueries.all);
    } else if (m.event.kind.startsWith("comment.") || m.event.kind.startsWith("mute.")) {
      void refetchAfterEvent(qc, alertQueries.all);
      // Home's comment feed and the monitors' comment threads follow too.
      void refetchAfterEvent(qc, homeQueries.all);
      if (m.event.kind.startsWith("comment.")) void refetchAfterEvent(qc, ["monitors", "comments"]);
    }
  }, resync);
}
