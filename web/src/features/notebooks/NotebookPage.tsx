import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import {
  addCell,
  deleteCell,
  exportNotebook,
  getNotebook,
  moveId,
  notebookQueries,
  reorderCells,
  revokeShares,
  shareNotebook,
  type NotebookView,
} from "../../api/notebooks";
import { createGlobals } from "../../lib/globals";
import { formatTime } from "../../lib/time";
import { Empty, ErrorState, Loading } from "../../ui/State";
import { CellBody } from "./CellBody";

export default function NotebookPage(props: { params: Record<string, string> }) {
  const g = createGlobals();
  const id = () => props.params.id;
  const qc = useQueryClient();
  const nb = useQuery(() => ({ queryKey: notebookQueries.detail(id()), queryFn: () => getNotebook(id()) }));
  const [note, setNote] = createSignal("");
  const [shareUrl, setShareUrl] = createSignal("");
  const put = (v: NotebookView) =>
    qc.setQueryData(notebookQueries.detail(id()), (old: NotebookView | undefined) => ({ ...v, shares: old?.shares }));
  const addNote = useMutation(() => ({
    mutationFn: (src: string) => addCell(id(), { type: "markdown", source: src }),
    onSuccess: (v) => (put(v), setNote("")),
  }));
  const remove = useMutation(() => ({ mutationFn: (cellId: string) => deleteCell(id(), cellId), onSuccess: put }));
  const reorder = useMutation(() => ({ mutationFn: (ids: string[]) => reorderCells(id(), ids), onSuccess: put }));
  const share = useMutation(() => ({
    mutationFn: () => shareNotebook(id()),
    onSuccess: (s) => setShareUrl(new URL(`/share/notebooks/${s.secret}`, location.origin).href),
  }));
  const revoke = useMutation(() => ({
    mutationFn: () => revokeShares(id()),
    onSuccess: () => (setShareUrl(""), void qc.invalidateQueries({ queryKey: notebookQueries.detail(id()) })),
  }));
  const download = async () => {
    const md = await exportNotebook(id());
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([md], { type: "text/markdown" }));
    a.download = `${nb.data?.title ?? "notebook"}.md`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const ids = () => nb.data?.cells.map((c) => c.id) ?? [];
  return (
    <Switch>
      <Match when={nb.isError}>
        <ErrorState error={nb.error} retry={() => nb.refetch()} />
      </Match>
      <Match when={nb.isPending}>
        <Loading what="notebook" />
      </Match>
      <Match when={nb.data}>
        {(data) => (
          <section class="stack">
            <div class="row" style={{ "justify-content": "space-between" }}>
              <h1 style={{ margin: 0 }}>{data().title}</h1>
              <div class="row">
                <button class="btn" onClick={() => share.mutate()} disabled={share.isPending}>
                  Share link
                </button>
                <Show when={(data().shares?.length ?? 0) > 0 || shareUrl()}>
                  <button class="btn danger" onClick={() => revoke.mutate()}>
                    Revoke links
                  </button>
                </Show>
                <button class="btn" onClick={() => void download()}>
                  Export Markdown
                </button>
              </div>
            </div>
            <Show when={shareUrl()}>
              <div class="card row" role="status">
                <span>Read-only link:</span>
                <input
                  readOnly
                  aria-label="Share link"
                  value={shareUrl()}
                  style={{ flex: 1, "min-width": "0" }}
                  onFocus={(e) => e.currentTarget.select()}
                />
              </div>
            </Show>
            <Show when={share.error || remove.error || reorder.error}>
              <ErrorState error={share.error ?? remove.error ?? reorder.error} />
            </Show>
            <Show when={data().cells.length === 0}>
              <Empty title="This notebook is empty">
                <p>Add a note below, or use "Add to notebook" on alerts, charts, DDx results and log lines.</p>
              </Empty>
            </Show>
            <ol class="stack" style={{ "list-style": "none", padding: 0, margin: 0 }} aria-label="Cells">
              <For each={data().cells}>
                {(cell, i) => (
                  <li class="card" aria-label={`${cell.type} cell`}>
                    <div class="row" style={{ "justify-content": "space-between", "margin-bottom": "6px" }}>
                      <span class="muted">
                        {cell.title ?? cell.type.replace("_", " ")}
                        <Show when={cell.createdAt}> · {formatTime(cell.createdAt!, g.utc(), false)}</Show>
                      </span>
                      <div class="row" style={{ gap: "4px" }}>
                        <button
                          class="btn ghost"
                          aria-label={`Move cell ${i() + 1} up`}
                          disabled={i() === 0}
                          onClick={() => reorder.mutate(moveId(ids(), cell.id, -1))}
                        >
                          ↑
                        </button>
                        <button
                          class="btn ghost"
                          aria-label={`Move cell ${i() + 1} down`}
                          disabled={i() === ids().length - 1}
                          onClick={() => reorder.mutate(moveId(ids(), cell.id, 1))}
                        >
                          ↓
                        </button>
                        <button
                          class="btn ghost"
                          aria-label={`Delete cell ${i() + 1}`}
                          onClick={() => confirm("Delete this cell?") && remove.mutate(cell.id)}
                        >
                          ✕
                        </button>
                      </div>
                    </div>
                    <CellBody cell={cell} utc={g.utc()} />
                  </li>
                )}
              </For>
            </ol>
            <form class="card stack" onSubmit={(e) => (e.preventDefault(), note().trim() && addNote.mutate(note()))}>
              <label class="field">
                Add a Markdown note
                <textarea
                  rows={3}
                  value={note()}
                  onInput={(e) => setNote(e.currentTarget.value)}
                  placeholder="Root cause: v3.41.0 points at payment-provider.internal"
                />
              </label>
              <button class="btn primary" type="submit" disabled={addNote.isPending}>
                Add note
              </button>
            </form>
          </section>
        )}
      </Match>
    </Switch>
  );
}
