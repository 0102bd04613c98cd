import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import DOMPurify from "dompurify";
import { For, Show } from "solid-js";
import { commentListSchema, commentPostedSchema } from "../../../../core/contracts/alerts";
import { api } from "../../api/client";
import { draft } from "../../lib/drafts";
import { formatTime } from "../../lib/time";
import { MentionTextarea } from "../../ui/MentionTextarea";
import { ErrorState } from "../../ui/State";

const CHANNEL_STATUS: Record<string, string> = {
  sent: "sent",
  failed: "not delivered",
  retrying: "busy, trying again",
  skipped: "carries alerts only",
};

export const monitorCommentsKey = (id: string) => ["monitors", "comments", id] as const;

/** The monitor's comment thread: @-mention people and teams (their live feeds, and a team's chat channels). */
export function MonitorComments(props: { monitorId: string; monitorName: string; utc: boolean }) {
  const qc = useQueryClient();
  const list = useQuery(() => ({
    queryKey: monitorCommentsKey(props.monitorId),
    queryFn: () => api(`/api/monitors/${encodeURIComponent(props.monitorId)}/comments`, commentListSchema),
  }));
  // A draft per monitor: what was typed survives the thread being rendered anew (a live refetch) and a reload.
  const [text, setText] = draft(() => `monitor-comment:${props.monitorId}`);
  const post = useMutation(() => ({
    mutationFn: () =>
      api(`/api/monitors/${encodeURIComponent(props.monitorId)}/comments`, commentPostedSchema, {
        method: "POST",
        body: { body: text() },
      }),
    onSuccess: () => (setText(""), void qc.invalidateQueries({ queryKey: monitorCommentsKey(props.monitorId) })),
  }));
  // Who the comment reached, channel by channel: a team's Slack channel that refused it must not read as "sent".
  const reached = () => {
    const m = post.data?.mentioned;
    if (!m || (!m.userIds.length && !m.teamIds.length)) return "";
    const people = m.userIds.length;
    const parts = [`Notified ${people} ${people === 1 ? "person" : "people"}`];
    for (const c of m.channels)
      parts.push(`${c.channel ?? c.channelId} (${c.kind}): ${CHANNEL_STATUS[c.status] ?? c.status}`);
    if (m.teamIds.length && !m.channels.length) parts.push("the team has no chat channel");
    return `${parts.join(" · ")}.`;
  };
  return (
    <section class="card stack" aria-label="Comments on the monitor">
      <h2 style={{ margin: 0 }}>Comments on this monitor</h2>
      <For each={list.data?.comments ?? []} fallback={<p class="muted">No comments on the monitor yet.</p>}>
        {(c) => (
          <div>
            <div class="muted">
              {c.by?.name ?? c.author} · {formatTime(c.createdAt, props.utc, false)}
            </div>
            <div class="md" innerHTML={DOMPurify.sanitize(c.html)} />
          </div>
        )}
      </For>
      <form class="stack" onSubmit={(e) => (e.preventDefault(), text().trim() && post.mutate())}>
        <MentionTextarea
          label="Comment on the monitor"
          value={text()}
          onInput={setText}
          placeholder="@payments: v3.41.0 calls a staging-only host"
        />
        <Show when={post.error}>
          <ErrorState error={post.error} />
        </Show>
        <Show when={reached()}>
          <p class="muted" role="status" style={{ margin: 0 }}>
            {reached()}
          </p>
        </Show>
        <button class="btn" type="submit" disabled={post.isPending}>
          Comment on the monitor
        </button>
      </form>
    </section>
  );
}
