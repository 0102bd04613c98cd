// Refetching what a live event says has changed.
import type { QueryClient, QueryKey } from "@tanstack/solid-query";

/**
 * Refetch the queries under `queryKey` because a live event says their answer changed. A fetch already in flight
 * may have asked before the change happened (a list's window ends at the moment it asked), and TanStack Query
 * hands that fetch back instead of starting a new one when the query has no data yet, so the first load of a page
 * could miss the event for good. Cancelling first makes the refetch ask again.
 */
export async function refetchAfterEvent(qc: QueryClient, queryKey: QueryKey): Promise<void> {
  await qc.cancelQueries({ queryKey });
  await qc.invalidateQueries({ queryKey });
}
