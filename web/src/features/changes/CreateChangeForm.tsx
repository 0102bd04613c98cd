import { createSignal, For, Show } from "solid-js";
import type { ChangeEventInput } from "../../../../core/contracts/change-events";
import { changeCategories } from "../../api/changes";
import { parseScope } from "../../lib/scope";
import { ErrorState } from "../../ui/State";

export function CreateChangeForm(props: {
  pending: boolean;
  error: unknown;
  onSubmit: (b: ChangeEventInput) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = createSignal("");
  const [source, setSource] = createSignal("manual");
  const [category, setCategory] = createSignal<(typeof changeCategories)[number]>("deploys");
  const [labels, setLabels] = createSignal("");
  const [reason, setReason] = createSignal("");
  const submit = (e: Event) => {
    e.preventDefault();
    const l = Object.fromEntries(
      parseScope(
        labels()
          .split(",")
          .map((s) => s.trim()),
      ).map((c) => [c.key, c.value]),
    );
    props.onSubmit({
      title: title(),
      source: source(),
      category: category(),
      labels: l,
      payload: reason() ? { reason: reason() } : undefined,
    });
  };
  return (
    <form class="card stack" onSubmit={submit} aria-label="New change event">
      <label class="field">
        Title
        <input
          required
          maxLength={100}
          value={title()}
          onInput={(e) => setTitle(e.currentTarget.value)}
          placeholder="Rollback: checkout-service v3.40.2"
        />
      </label>
      <div class="row">
        <label class="field">
          Source
          <input required maxLength={50} value={source()} onInput={(e) => setSource(e.currentTarget.value)} />
        </label>
        <label class="field">
          Category
          <select
            value={category()}
            onChange={(e) => setCategory(e.currentTarget.value as (typeof changeCategories)[number])}
          >
            <For each={changeCategories}>{(c) => <option value={c}>{c}</option>}</For>
          </select>
        </label>
      </div>
      <label class="field">
        Labels (key=value, comma separated)
        <input
          value={labels()}
          onInput={(e) => setLabels(e.currentTarget.value)}
          placeholder="service=checkout-service, region=us-east-1"
        />
      </label>
      <label class="field">
        Reason
        <input
          value={reason()}
          onInput={(e) => setReason(e.currentTarget.value)}
          placeholder="v3.41.0 DNS misconfiguration causing 503s"
        />
      </label>
      <Show when={props.error}>
        <ErrorState title="Could not create the change event" error={props.error} />
      </Show>
      <div class="row">
        <button class="btn primary" type="submit" disabled={props.pending}>
          {props.pending ? "Saving…" : "Create change event"}
        </button>
        <button class="btn" type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
