import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import type { NotifyPer } from "../../../../core/contracts/alerting";
import {
  type ChannelSummary,
  deleteChannel,
  listChannels,
  listMonitors,
  monitorQueries,
  setChannelNotifyPer,
} from "../../api/monitors";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { AddChannel } from "./AddChannel";
import { channelTarget, monitorsUsing } from "./channel-form";

/**
 * Notification channels (Grafana's contact points): add one, delete one, and choose how each pages: per alert (the
 * default), or once per incident, so that related alerts grouped into one incident wake someone once, and its
 * resolve goes out with the incident's last alert. Secrets are listed by their last 4 characters only.
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
          <ul class="stack" aria-label="Channels" style={{ margin: 0, padding: 0, "list-style": "none" }}>
            <For each={channels.data}>
              {(ch) => (
                <ChannelRow
                  channel={ch}
                  busy={change.isPending}
                  onPaging={(notifyPer) => change.mutate({ id: ch.id, notifyPer })}
                />
              )}
            </For>
          </ul>
        </Show>
        <Show when={change.error}>
          <ErrorState title="Not changed" error={change.error} />
        </Show>
      </Show>
      <AddChannel />
    </section>
  );
}

function ChannelRow(props: { channel: ChannelSummary; busy: boolean; onPaging: (p: NotifyPer) => void }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = createSignal(false);
  // Only asked when a delete is about to be confirmed: who would stop paging this channel.
  const monitors = useQuery(() => ({
    queryKey: monitorQueries.list(""),
    queryFn: () => listMonitors(""),
    enabled: confirming(),
  }));
  const users = () => monitorsUsing(props.channel.id, monitors.data ?? []);
  const remove = useMutation(() => ({
    mutationFn: () => deleteChannel(props.channel.id),
    onSuccess: () => qc.invalidateQueries({ queryKey: monitorQueries.channels() }),
  }));
  return (
    <li class="stack" style={{ gap: "6px", "border-bottom": "1px solid var(--border)", "padding-bottom": "8px" }}>
      <div class="row" style={{ "justify-content": "space-between" }}>
        <span style={{ "min-width": 0, "overflow-wrap": "anywhere" }}>
          {props.channel.name} <span class="muted">({props.channel.kind})</span>{" "}
          <span class="muted mono">{channelTarget(props.channel)}</span>
        </span>
        <div class="row">
          <select
            aria-label={`How ${props.channel.name} pages`}
            value={props.channel.notifyPer ?? "alert"}
            disabled={props.busy}
            onChange={(e) => props.onPaging(e.currentTarget.value as NotifyPer)}
          >
            <option value="alert">Page per alert</option>
            <option value="incident">Page once per incident</option>
          </select>
          <button
            class="btn danger"
            type="button"
            aria-label={`Delete ${props.channel.name}`}
            aria-expanded={confirming()}
            onClick={() => (remove.reset(), setConfirming(!confirming()))}
          >
            Delete
          </button>
        </div>
      </div>
      <Show when={confirming()}>
        <div role="group" aria-label={`Confirm deleting ${props.channel.name}`} class="stack" style={{ gap: "6px" }}>
          <p style={{ margin: 0 }}>
            Delete {props.channel.name}?{" "}
            <Show when={!monitors.isLoading} fallback={<span class="muted">Checking which monitors use it…</span>}>
              {users().length
                ? `Used by ${users().length === 1 ? "monitor" : "monitors"} ${users().join(", ")}: remove it from them first.`
                : "No monitor uses it."}
            </Show>
          </p>
          <Show when={remove.error}>
            <p class="field-error" role="alert" style={{ margin: 0 }}>
              Not deleted: {(remove.error as Error).message}
            </p>
          </Show>
          <div class="row">
            {/* A channel in use is refused by the API (409, naming its users): no button to press in vain. */}
            <Show when={!monitors.isLoading && users().length === 0}>
              <button class="btn danger" type="button" disabled={remove.isPending} onClick={() => remove.mutate()}>
                Delete channel
              </button>
            </Show>
            <button class="btn" type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      </Show>
    </li>
  );
}
