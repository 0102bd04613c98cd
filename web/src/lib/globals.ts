// Global view state read from the URL: pinned scope, time range and UTC mode.
import { createMemo } from "solid-js";
import { prefersUtc } from "./display-zone";
import { parseScope, type ScopeChip } from "./scope";
import { DEFAULT_RANGE, type TimeRange } from "./time";
import { createSearchParams } from "./url-state";

export function createGlobals() {
  const params = createSearchParams();
  const scope = createMemo<ScopeChip[]>(() => parseScope(params().getAll("scope")), [], {
    equals: (a, b) => a.length === b.length && a.every((c, i) => c.key === b[i].key && c.value === b[i].value),
  });
  const range = createMemo<TimeRange>(
    () => ({ from: params().get("from") ?? DEFAULT_RANGE.from, to: params().get("to") ?? DEFAULT_RANGE.to }),
    DEFAULT_RANGE,
    {
      equals: (a, b) => a.from === b.from && a.to === b.to,
    },
  );
  const utc = createMemo(() => prefersUtc(params()));
  return { params, scope, range, utc };
}
