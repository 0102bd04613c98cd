import { For, Match, Show, Switch } from "solid-js";
import { classifyLink } from "../../../../core/contracts/links";
import { Link } from "../../ui/Link";

/**
 * Annotations: links stay on Vigil unless they say otherwise. Same-origin paths are in-app links; absolute
 * http(s) URLs and protocol-relative `//host` open outside Vigil and say where; anything else is plain text.
 */
export function Annotations(props: { annotations: Record<string, string> }) {
  const entries = () => Object.entries(props.annotations);
  return (
    <Show
      when={entries().length}
      fallback={<p class="muted">This monitor has no annotations. Add a dashboard and a runbook to its definition.</p>}
    >
      <dl style={{ margin: 0 }}>
        <For each={entries()}>
          {([k, v]) => {
            const target = classifyLink(v);
            return (
              <>
                <dt class="muted">{k}</dt>
                <dd style={{ margin: "0 0 8px", "overflow-wrap": "anywhere" }}>
                  <Switch fallback={v}>
                    <Match when={target.kind === "internal" && target}>{(t) => <Link href={t().href}>{v}</Link>}</Match>
                    <Match when={target.kind === "external" && target}>
                      {(t) => (
                        <>
                          <a
                            href={t().href}
                            class="external-link"
                            target="_blank"
                            rel="noopener noreferrer"
                            title={`Opens ${t().host}, outside Vigil`}
                          >
                            {v}
                          </a>{" "}
                          <span class="muted">(external: {t().host})</span>
                        </>
                      )}
                    </Match>
                  </Switch>
                </dd>
              </>
            );
          }}
        </For>
      </dl>
    </Show>
  );
}
