import { useMutation, useQueryClient } from "@tanstack/solid-query";
import { createSignal, Show } from "solid-js";
import { alertQueries } from "../../api/queries";
import { createInhibitRule, inhibitQueries } from "../../api/inhibit";
import { ErrorState } from "../../ui/State";
import { parseMatchers } from "./matchers";

/** A new inhibition rule: matchers in Alertmanager's spelling; the server validates and says what is wrong. */
export function InhibitForm(props: { onDone: () => void }) {
  const [name, setName] = createSignal("");
  const [source, setSource] = createSignal("");
  const [target, setTarget] = createSignal("");
  const [equal, setEqual] = createSignal("");
  const [comment, setComment] = createSignal("");
  const qc = useQueryClient();
  const save = useMutation(() => ({
    mutationFn: () => {
      const s = parseMatchers(source());
      const t = parseMatchers(target());
      if ("error" in s) throw new Error(`Source: ${s.error}`);
      if ("error" in t) throw new Error(`Target: ${t.error}`);
      return createInhibitRule({
        name: name(),
        sourceMatchers: s.matchers,
        targetMatchers: t.matchers,
        equal: equal()
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
        comment: comment(),
      });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: inhibitQueries.all });
      void qc.invalidateQueries({ queryKey: alertQueries.all });
      props.onDone();
    },
  }));
  return (
    <form class="card stack" aria-label="New inhibition rule" onSubmit={(e) => (e.preventDefault(), save.mutate())}>
      <label class="field">
        Name
        <input
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          placeholder="Checkout down explains payments"
        />
      </label>
      <label class="field">
        While an alert matching (source)
        <input value={source()} onInput={(e) => setSource(e.currentTarget.value)} placeholder={'service="checkout"'} />
      </label>
      <label class="field">
        hold alerts matching (target)
        <input
          value={target()}
          onInput={(e) => setTarget(e.currentTarget.value)}
          placeholder={'service=~"payment-.*", severity="warning"'}
        />
      </label>
      <label class="field">
        with equal values for (labels, comma separated; optional)
        <input value={equal()} onInput={(e) => setEqual(e.currentTarget.value)} placeholder="environment, region" />
      </label>
      <label class="field">
        Comment
        <input value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      <Show when={save.error}>
        <ErrorState title="The rule was not saved" error={save.error} />
      </Show>
      <div class="row">
        <button class="btn primary" type="submit" disabled={save.isPending}>
          Save rule
        </button>
        <button class="btn" type="button" onClick={() => props.onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
