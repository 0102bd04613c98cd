import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import type { CellInput } from "../../../../core/contracts/notebooks";
import { addCell, createNotebook, listNotebooks, notebookQueries } from "../../api/notebooks";
import { Link } from "../../ui/Link";
import { ErrorState } from "../../ui/State";

/** "Add to notebook": pick a notebook (or name a new one) and append the evidence as a cell. */
export function AddToNotebook(props: { cell: () => CellInput; label?: string }) {
  const [open, setOpen] = createSignal(false);
  const [target, setTarget] = createSignal("");
  const [title, setTitle] = createSignal("");
  const [done, setDone] = createSignal<{ id: string; title: string } | null>(null);
  const qc = useQueryClient();
  const list = useQuery(() => ({ queryKey: notebookQueries.list(), queryFn: listNotebooks, enabled: open() }));
  const save = useMutation(() => ({
    mutationFn: async () => {
      const nb = target()
        ? await addCell(target(), props.cell())
        : await createNotebook(title().trim() || "Untitled notebook", [props.cell()]);
      return nb;
    },
    onSuccess: (nb) => {
      setDone({ id: nb.id, title: nb.title });
      void qc.invalidateQueries({ queryKey: notebookQueries.all });
    },
  }));
  return (
    <>
      <button class="btn" aria-haspopup="dialog" onClick={() => (setDone(null), setOpen(true))}>
        {props.label ?? "Add to notebook"}
      </button>
      <Show when={open()}>
        <div
          class="dialog-backdrop"
          onClick={(e) => e.target === e.currentTarget && setOpen(false)}
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        >
          <div class="dialog stack" role="dialog" aria-modal="true" aria-label="Add to notebook">
            <h2 style={{ margin: 0 }}>Add to notebook</h2>
            <Show
              when={!done()}
              fallback={
                <p role="status">
                  Added to{" "}
                  <Link href={`/notebooks/${done()!.id}`} onClick={() => setOpen(false)}>
                    {done()!.title}
                  </Link>
                  .
                </p>
              }
            >
              <label class="field">
                Notebook
                <select value={target()} onChange={(e) => setTarget(e.currentTarget.value)}>
                  <option value="">New notebook…</option>
                  <For each={list.data ?? []}>{(nb) => <option value={nb.id}>{nb.title}</option>}</For>
                </select>
              </label>
              <Show when={!target()}>
                <label class="field">
                  New notebook title
                  <input
                    value={title()}
                    onInput={(e) => setTitle(e.currentTarget.value)}
                    placeholder="2 AM Checkout Incident"
                  />
                </label>
              </Show>
              <Show when={save.error}>
                <ErrorState error={save.error} />
              </Show>
            </Show>
            <div class="row">
              <Show when={!done()}>
                <button class="btn primary" onClick={() => save.mutate()} disabled={save.isPending}>
                  {save.isPending ? "Adding…" : "Add"}
                </button>
              </Show>
              <button class="btn" onClick={() => setOpen(false)}>
                Close
              </button>
            </div>
          </div>
        </div>
      </Show>
    </>
  );
}
