import { Show } from "solid-js";
import { createGlobals } from "../../lib/globals";
import { MetricDdxView } from "./MetricDdx";
import { TraceDdxView } from "./TraceDdx";

/** DDx: `kind=traces` ranks span attributes (TraceDdx.tsx); otherwise metric DDx on `q` (MetricDdx.tsx). */
export default function DdxPage() {
  const g = createGlobals();
  return (
    <Show when={g.params().get("kind") === "traces"} fallback={<MetricDdxView />}>
      <TraceDdxView />
    </Show>
  );
}
