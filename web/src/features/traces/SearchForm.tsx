import { createSignal, Show } from "solid-js";
import { parseTagInput, validateTraceFilters, type TraceFilters } from "./url";

/** The search form edits a draft; Search writes it to the URL (which is what the queries read). */
export function SearchForm(props: { value: TraceFilters; onSubmit: (f: TraceFilters) => void }) {
  const [err, setErr] = createSignal<string | null>(null);
  let form!: HTMLFormElement;
  const submit = (e: Event) => {
    e.preventDefault();
    const fd = new FormData(form);
    const s = (k: string) => String(fd.get(k) ?? "").trim();
    const status = s("status");
    const f: TraceFilters = {
      service: s("service"),
      operation: s("operation"),
      status: status === "ok" || status === "error" ? status : "",
      tags: parseTagInput(s("tags")),
      minDuration: s("minDuration"),
      maxDuration: s("maxDuration"),
      groupBy: parseTagInput(s("groupBy")),
    };
    if (!f.groupBy.length) f.groupBy = ["service", "operation"];
    const msg = validateTraceFilters(f);
    setErr(msg);
    if (!msg) props.onSubmit(f);
  };
  return (
    <form ref={form} class="card stack" role="search" aria-label="Search traces" onSubmit={submit}>
      <div class="tl-form">
        <label class="field">
          Service
          <input name="service" value={props.value.service} placeholder="checkout-service" />
        </label>
        <label class="field">
          Operation
          <input name="operation" value={props.value.operation} placeholder="POST /v2/process-payment" />
        </label>
        <label class="field">
          Status
          <select name="status" value={props.value.status}>
            <option value="">any</option>
            <option value="error">error</option>
            <option value="ok">ok</option>
          </select>
        </label>
        <label class="field">
          Tags (key=value, comma separated)
          <input name="tags" value={props.value.tags.join(", ")} placeholder="deployment.version=v3.41.0" />
        </label>
        <label class="field">
          Min duration
          <input name="minDuration" value={props.value.minDuration} placeholder="500ms" inputmode="text" />
        </label>
        <label class="field">
          Max duration
          <input name="maxDuration" value={props.value.maxDuration} placeholder="10s" />
        </label>
        <label class="field">
          Group statistics by (≤ 3)
          <input name="groupBy" value={props.value.groupBy.join(", ")} placeholder="service, operation" />
        </label>
        <button class="btn primary" type="submit">
          Search
        </button>
      </div>
      <Show when={err()}>
        <p role="alert" class="tl-bad" style={{ margin: 0 }}>
          {err()}
        </p>
      </Show>
    </form>
  );
}
