import { useMutation, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, type JSX, Show } from "solid-js";
import type { NotifyPer } from "../../../../core/contracts/alerting";
import { createChannel, monitorQueries } from "../../api/monitors";
import {
  CHANNEL_KINDS,
  type ChannelFields,
  type ChannelKind,
  checkChannel,
  emptyChannelFields,
  type FieldName,
} from "./channel-form";

/**
 * Make a notification channel (Grafana's contact point): kind, the kind's target, name and how it pages. Checked with
 * the API's schema before sending; a refusal is shown beside the form and nothing typed is lost.
 */
export function AddChannel() {
  const qc = useQueryClient();
  const [f, setF] = createSignal<ChannelFields>(emptyChannelFields());
  const [errors, setErrors] = createSignal<Partial<Record<FieldName, string>>>({});
  const [added, setAdded] = createSignal("");
  const set = (k: FieldName, v: string) => {
    setF((p) => ({ ...p, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const create = useMutation(() => ({
    mutationFn: createChannel,
    onSuccess: async (ch) => {
      setAdded(ch.name);
      // Secrets are not kept on screen once saved; the kind and paging stay for the next one.
      setF((p) => ({ ...emptyChannelFields(), kind: p.kind, notifyPer: p.notifyPer }));
      await qc.invalidateQueries({ queryKey: monitorQueries.channels() });
    },
  }));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setAdded("");
    create.reset();
    const r = checkChannel(f());
    if (!r.ok) return setErrors(r.errors);
    setErrors({});
    create.mutate(r.input);
  };
  const field = (k: FieldName, label: string, props: JSX.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label class="field">
      {label}
      <input
        {...props}
        value={f()[k]}
        onInput={(e) => set(k, e.currentTarget.value)}
        aria-invalid={errors()[k] ? "true" : undefined}
        aria-describedby={errors()[k] ? `channel-err-${k}` : undefined}
        autocomplete="off"
        spellcheck={false}
      />
      <Show when={errors()[k]}>
        <span id={`channel-err-${k}`} class="field-error">
          {errors()[k]}
        </span>
      </Show>
    </label>
  );
  return (
    <form class="stack" aria-label="Add channel" noValidate onSubmit={submit}>
      <h3 style={{ margin: 0 }}>Add channel</h3>
      <label class="field">
        Kind
        <select value={f().kind} onChange={(e) => setF((p) => ({ ...p, kind: e.currentTarget.value as ChannelKind }))}>
          <For each={CHANNEL_KINDS}>{(k) => <option value={k.kind}>{k.label}</option>}</For>
        </select>
      </label>
      {field("name", "Name", { placeholder: "e.g. Billing on-call", maxLength: 200 })}
      <Show when={f().kind === "pagerduty"}>
        {field("routingKey", "Routing key (integration key)", { maxLength: 200 })}
        {field("eventsUrl", "Events API URL (optional)", {
          type: "url",
          placeholder: "https://events.pagerduty.com/v2/enqueue",
        })}
      </Show>
      <Show when={f().kind === "slack"}>
        {field("webhookUrl", "Slack webhook URL", { type: "url", placeholder: "https://hooks.slack.com/services/…" })}
      </Show>
      <Show when={f().kind === "alertmanager"}>
        {field("url", "Webhook URL", { type: "url", placeholder: "https://receiver.example.com/alerts" })}
      </Show>
      <Show when={f().kind === "push"}>
        {field("users", "People (ids or handles, comma-separated)", { placeholder: "ana, bo" })}
        {field("teams", "Teams (ids, slugs or names, comma-separated)", { placeholder: "payments" })}
      </Show>
      <label class="field">
        Pages
        <select value={f().notifyPer} onChange={(e) => set("notifyPer", e.currentTarget.value as NotifyPer)}>
          <option value="alert">Page per alert</option>
          <option value="incident">Page once per incident</option>
        </select>
      </label>
      <Show when={create.error}>
        <p class="field-error" role="alert" style={{ margin: 0 }}>
          Not added: {(create.error as Error).message}
        </p>
      </Show>
      <Show when={Object.values(errors()).some(Boolean)}>
        <p class="field-error" role="alert" style={{ margin: 0 }}>
          Not added: check the fields marked above.
        </p>
      </Show>
      <Show when={added()}>
        <p role="status" style={{ margin: 0 }}>
          Added {added()}.
        </p>
      </Show>
      <div class="row">
        <button class="btn primary" type="submit" disabled={create.isPending}>
          Add channel
        </button>
      </div>
    </form>
  );
}
