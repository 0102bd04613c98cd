import { Show } from "solid-js";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";

export interface ChangeRef {
  title: string;
  category: string;
  happenedAt: number;
}

/** "Correlated change: <title>" under a DDx result, linking to the change list around the event. */
export function CorrelatedChange(props: { change: ChangeRef | undefined; utc: boolean }) {
  return (
    <Show when={props.change}>
      {(c) => (
        <p style={{ margin: "4px 0 0" }}>
          Correlated change:{" "}
          <Link
            href={`/changes?${new URLSearchParams({ from: String(c().happenedAt - 3_600_000), to: String(c().happenedAt + 3_600_000) }).toString()}`}
          >
            {c().title}
          </Link>{" "}
          <span class="muted">
            ({c().category}, {formatTime(c().happenedAt, props.utc)})
          </span>
        </p>
      )}
    </Show>
  );
}
