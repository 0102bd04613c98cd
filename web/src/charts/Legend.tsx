import { createMemo, For, Show } from "solid-js";
import { formatTime } from "../lib/time";
import { colorFor, type Aligned } from "./aligned";
import { formatValue } from "./options";

/** The legend as a compact table (name, last, max; the value under the cursor while hovering) that scrolls inside
 * the chart's box. With `onFilter`, each entry offers "filter by this" and "exclude this". */
export function Legend(props: {
  labels: string[];
  data: Aligned;
  unit?: string;
  cursorIdx: number | null;
  utc: boolean;
  series?: Record<string, string>[];
  onFilter?: (labels: Record<string, string>, exclude: boolean) => void;
}) {
  const stats = createMemo(() =>
    props.labels.map((_, i) => {
      const col = (props.data[i + 1] ?? []) as (number | null)[];
      let last: number | null = null;
      let max: number | null = null;
      for (const v of col) {
        if (v == null) continue;
        last = v;
        if (max === null || v > max) max = v;
      }
      return { last, max };
    }),
  );
  const at = () => (props.cursorIdx == null ? null : props.data[0][props.cursorIdx]);
  return (
    <div class="chart-legend" role="region" aria-label="Legend">
      <table>
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col" class="num">
              {at() != null ? formatTime(at()! * 1000, props.utc).slice(11) : "Last"}
            </th>
            <th scope="col" class="num">
              Max
            </th>
            <Show when={props.onFilter}>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={props.labels}>
            {(label, i) => (
              <tr>
                <td class="legend-name" title={label}>
                  <span class="legend-swatch" style={{ background: colorFor(i()) }} />
                  {label}
                </td>
                <td class="num">
                  {formatValue(
                    props.cursorIdx == null
                      ? stats()[i()]?.last
                      : ((props.data[i() + 1] as (number | null)[] | undefined)?.[props.cursorIdx] ?? null),
                    props.unit,
                  )}
                </td>
                <td class="num">{formatValue(stats()[i()]?.max, props.unit)}</td>
                <Show when={props.onFilter && props.series?.[i()] && Object.keys(props.series[i()]).length}>
                  <td class="legend-actions">
                    <button
                      type="button"
                      class="btn ghost"
                      aria-label={`Filter by ${label}`}
                      title="Filter by this"
                      onClick={() => props.onFilter!(props.series![i()], false)}
                    >
                      =
                    </button>
                    <button
                      type="button"
                      class="btn ghost"
                      aria-label={`Exclude ${label}`}
                      title="Exclude this"
                      onClick={() => props.onFilter!(props.series![i()], true)}
                    >
                      ≠
                    </button>
                  </td>
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
