import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import type { PushDevice } from "../../../../core/contracts/push";
import { listPushDevices, pushQueries, revokePushDevice } from "../../api/push";
import { formatTime } from "../../lib/time";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { enableOnThisDevice, supportHere } from "./enable-push";
import { PushPreferencesForm } from "./PushPreferences";
import { defaultDeviceName } from "./push-devices";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function DeviceItem(props: { device: PushDevice; utc: boolean; onRevoke: () => void; busy: boolean }) {
  const d = () => props.device;
  return (
    <li class="card stack push-device" style={{ gap: "6px" }} aria-label={d().deviceName}>
      <div class="row" style={{ "justify-content": "space-between" }}>
        <strong class="push-device-name">{d().deviceName}</strong>
        <button
          class="btn danger"
          disabled={props.busy}
          aria-label={`Revoke ${d().deviceName}`}
          onClick={() => confirm(`Stop paging “${d().deviceName}”?`) && props.onRevoke()}
        >
          Revoke
        </button>
      </div>
      <div class="muted">
        Added {formatTime(d().createdAt, props.utc, false)} · via {d().service}
      </div>
      <div class="muted">
        {d().lastSuccessAt === null
          ? "No page delivered yet"
          : `Last page delivered ${formatTime(d().lastSuccessAt!, props.utc, false)}`}
      </div>
      <Show when={d().lastError}>
        <div class="field-error">Last error: {d().lastError}</div>
      </Show>
    </li>
  );
}

/** Notifications on your devices: the phones and browsers that page you, this one added, and when they page you. */
export function PushDevices(props: { utc: boolean }) {
  const qc = useQueryClient();
  const [name, setName] = createSignal(defaultDeviceName(navigator.userAgent));
  const [added, setAdded] = createSignal<string | null>(null);
  const devices = useQuery(() => ({ queryKey: pushQueries.devices(), queryFn: listPushDevices }));
  const enable = useMutation(() => ({
    mutationFn: () => enableOnThisDevice(name()),
    onSuccess: (d) => {
      setAdded(d.deviceName);
      return qc.invalidateQueries({ queryKey: pushQueries.devices() });
    },
  }));
  const revoke = useMutation(() => ({
    mutationFn: revokePushDevice,
    onSuccess: () => qc.invalidateQueries({ queryKey: pushQueries.devices() }),
  }));
  return (
    <section class="card stack" aria-labelledby="push-devices-title" id="push-devices">
      <h2 id="push-devices-title" style={{ margin: 0 }}>
        Notifications on your devices
      </h2>
      <p class="muted" style={{ margin: 0 }}>
        Pages for alerts reach these phones and browsers even when Vigil is closed.
      </p>
      <Switch>
        <Match when={devices.isError}>
          <ErrorState error={devices.error} retry={() => devices.refetch()} title="Your devices did not load" />
        </Match>
        <Match when={devices.isPending}>
          <Loading what="your devices" />
        </Match>
        <Match when={(devices.data ?? []).length === 0}>
          <Empty title="No devices yet">Enable notifications on this device below, and on your phone.</Empty>
        </Match>
        <Match when={true}>
          <ul
            class="stack"
            aria-label="Your devices"
            style={{ "list-style": "none", padding: 0, margin: 0, gap: "8px" }}
          >
            <For each={devices.data}>
              {(d) => (
                <DeviceItem device={d} utc={props.utc} busy={revoke.isPending} onRevoke={() => revoke.mutate(d.id)} />
              )}
            </For>
          </ul>
        </Match>
      </Switch>
      <Show when={revoke.error}>
        <ErrorState error={revoke.error} title="The device was not revoked" />
      </Show>
      <form
        class="stack"
        aria-label="Enable on this device"
        onSubmit={(e) => (e.preventDefault(), setAdded(null), enable.mutate())}
      >
        <label class="field">
          Name of this device
          <input value={name()} onInput={(e) => setName(e.currentTarget.value)} maxLength={100} />
        </label>
        <Show when={supportHere() === "ios-not-installed"}>
          <p class="muted" style={{ margin: 0 }}>
            On iPhone and iPad, add Vigil to your home screen first (Share → Add to Home Screen) and open it from there.
          </p>
        </Show>
        <div class="row">
          <button class="btn primary" type="submit" disabled={enable.isPending}>
            {enable.isPending ? "Enabling…" : "Enable on this device"}
          </button>
        </div>
        <Show when={enable.error}>
          <p class="field-error" role="alert" style={{ margin: 0 }}>
            {message(enable.error)}
          </p>
        </Show>
        <Show when={added()}>
          <p role="status" style={{ margin: 0 }}>
            Notifications enabled on “{added()}”.
          </p>
        </Show>
      </form>
      <PushPreferencesForm />
    </section>
  );
}
