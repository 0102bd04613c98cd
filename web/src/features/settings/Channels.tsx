import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import type { NotifyPer } from "../../../../core/contracts/alerting";
import { listChannels, monitorQueries, setChannelNotifyPer } from "../../api/monitors";
import { Empty, ErrorState, Loading } from "../../ui/State";

/**
 * How each notification channel pages: per alert (the default), or once per incident, so that related alerts
 * grouped into one incident wake someone once, and its resolve goes out with the incident's last alert.
 */
export function ChannelPaging() {
  const qc = useQueryClient();
  const channels = useQuery(() => ({ queryKey: monitorQueries.channels(), queryFn: listChannels }));
  const change = useMutation(() => ({
    mutationFn: (v: { id: string; notifyPer: NotifyPer }) => setChannelNotifyPer(v.id, v.notifyPer),
    onSuccess: () => qc.invalidateQueries({ queryKey: monitorQueries.channels() }),
  }));
  return (
    <section class="card stack" aria-label="Notification channels">
      <h2 style={{ margin: 0 }}>Notification channels</h2>
      <p class="muted" style={{ margin: 0 }}>
        Once per incident: the first alert of an incident pages; alerts that join it are noted on its timeline instead
        of paging again, and the incident's page resolves with its last alert.
      </p>
      <Show when={!channels.isLoading} fallback={<Loading />}>
        <Show when={channels.error}>
          <ErrorState error={channels.error} />
        </Show>
        <Show when={(channels.data ?? []).length} fallback={<Empty title="No channels configured." />}>
          <For each={channels.data}>
            {(ch) => (
              <label class="row" style={{ "justify-content": "space-between" }}>
                <span>
                  {ch.name} <span class="muted">({ch.kind})</span>
                </span>
                <select
                  aria-label={`How ${ch.name} pages`}
                  value={ch.notifyPer ?? "alert"}
                  disabled={change.isPending}
                  onChange={(e) => change.mutate({ id: ch.id, notifyPer: e.currentTarget.value as NotifyPer })}
                >
                  <option value="alert">Page per alert</option>
                  <option value="incident">Page once per incident</option>
                </select>
              </label>
            )}
          </For>
        </Show>
        <Show when={change.error}>
          <ErrorState title="Not changed" error={change.error} />
        </Show>
      </Show>
    </section>
  );
}
