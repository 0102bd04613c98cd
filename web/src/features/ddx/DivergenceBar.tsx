/** A row's divergence: the figure and a bar 0-100 % (red for a cause, grey for rows kept low). Metric and trace
 * DDx rows read the same way. */
export function DivergenceBar(props: { fig: { value: number; text: string }; cause: boolean }) {
  return (
    <span aria-label={`Divergence ${props.fig.text}`} class="row" style={{ gap: "6px" }}>
      <span>
        Divergence <strong>{props.fig.text}</strong>
      </span>
      <span
        aria-hidden="true"
        style={{
          display: "inline-block",
          width: "64px",
          height: "6px",
          background: "var(--border)",
          "border-radius": "3px",
          overflow: "hidden",
        }}
      >
        <span
          style={{
            display: "block",
            height: "100%",
            width: `${props.fig.value}%`,
            background: props.cause ? "var(--crit)" : "var(--muted)",
          }}
        />
      </span>
    </span>
  );
}
