import { For, Show } from "solid-js";
import { Link } from "../../ui/Link";

const isUrl = (v: string) => /^https?:\/\//.test(v);

/** Annotations: links for dashboards and runbooks (in-app paths stay in-app), plain text otherwise. */
export function Annotations(props: { annotations: Record<string, string> }) {
  const entries = () => Object.entries(props.annotations);
  return (
    <Show
      when={entries().length}
      fallback={<p class="muted">This monitor has no annotations. Add a dashboard and a runbook to its definition.</p>}
    >
      <dl style={{ margin: 0 }}>
        <For each={entries()}>
          {([k, v]) => (
            <>
              <dt class="muted">{k}</dt>
              <dd style={{ margin: "0 0 8px", "overflow-wrap": "anywhere" }}>
                <Show
                  when={v.startsWith("/")}
                  fallback={
                    <Show when={isUrl(v)} fallback={v}>
                      <a href={v} target="_blank" rel="noopener noreferrer">
                        {v}
                      </a>
                    </Show>
                  }
                >
                  <Link href={v}>{v}</Link>
                </Show>
              </dd>
            </>
          )}
        </For>
      </dl>
    </Show>
  );
}
