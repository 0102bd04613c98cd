/** How to read a metric DDx: always on the page, short, the same words as docs/DDX.md. Open on wide screens; on
 * a phone its summary stays and the rows come first. */
export function DdxLegend(props: { mode: "rate" | "volume" | undefined }) {
  const wide = typeof matchMedia === "function" ? matchMedia("(min-width: 760px)").matches : true;
  const traffic = () => (props.mode === "volume" ? "its share of the series" : "its share of the traffic");
  return (
    <details class="card" aria-label="How to read DDx" open={wide}>
      <summary>
        <strong>How to read this</strong>: divergence 0–100 %, from two comparisons
      </summary>
      <dl style={{ margin: "6px 0 0", display: "grid", gap: "4px" }}>
        <dt>
          <strong>Divergence</strong> (0–100 %)
        </dt>
        <dd style={{ margin: 0 }}>
          How differently a value behaves, from two comparisons that count half each: <em>vs the baseline</em> (did its
          error rate change more than the rest's did?) and <em>vs the rest now</em> (at the same moments, does it hold
          more of the errors than {traffic()}?). Near 100 %: found by both. At most 50 %: found by one.
        </dd>
        <dt>Kept low, with the reason</dt>
        <dd style={{ margin: 0 }}>
          <em>moved alike</em> (every value of the label changed together, e.g. all pods), <em>contained</em> (its extra
          errors lie inside a higher row), <em>traffic shift</em> (more traffic at an unchanged error rate: not a
          cause), <em>below its share</em>, <em>within the noise</em>.
        </dd>
      </dl>
    </details>
  );
}
