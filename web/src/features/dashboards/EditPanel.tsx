import type { Panel } from "../../../../core/workspace/dashboard-model";

/** Edit-mode controls above a panel: its title and first query, and removal. */
export function EditPanel(props: { panel: Panel; onChange: (p: Panel) => void; onRemove: () => void }) {
  const setExpr = (expr: string) => {
    const [first, ...rest] = props.panel.queries;
    props.onChange({ ...props.panel, queries: [{ refId: first?.refId ?? "A", legend: first?.legend, expr }, ...rest] });
  };
  return (
    <fieldset class="stack" style={{ gap: "4px", margin: 0 }}>
      <legend>Edit {props.panel.id}</legend>
      <input aria-label={`Title of ${props.panel.id}`} value={props.panel.title} onChange={(e) => props.onChange({ ...props.panel, title: e.currentTarget.value })} />
      <textarea aria-label={`Query of ${props.panel.id}`} class="mono" rows={2} value={props.panel.type === "markdown" ? (props.panel.content ?? "") : (props.panel.queries[0]?.expr ?? "")} onChange={(e) => (props.panel.type === "markdown" ? props.onChange({ ...props.panel, content: e.currentTarget.value }) : setExpr(e.currentTarget.value))} />
      <button class="btn" onClick={() => props.onRemove()}>
        Remove panel
      </button>
    </fieldset>
  );
}
