// "Filter by this" / "exclude this" from a legend entry or a DDx row: the label=value goes into every vector
// selector of the query (as label="value" or label!="value"), so both sides of a ratio stay comparable.
import { parser } from "@prometheus-io/lezer-promql";

const plainLabel = /^[A-Za-z_][A-Za-z0-9_]*$/;
const labelText = (l: string) => (plainLabel.test(l) ? l : JSON.stringify(l));

export function addFilter(query: string, labels: Record<string, string>, exclude: boolean): string {
  const q = query.trim();
  const pairs = Object.entries(labels).filter(([k]) => k !== "__name__");
  if (!q || !pairs.length) return q;
  // Excluding a combination of labels cannot be said with matchers: exclude the first one.
  const use = exclude ? pairs.slice(0, 1) : pairs;
  const text = use.map(([k, v]) => `${labelText(k)}${exclude ? "!=" : "="}${JSON.stringify(v)}`).join(",");
  const edits: { at: number; text: string }[] = [];
  parser.parse(q).iterate({
    enter: (n) => {
      if (n.name !== "VectorSelector") return;
      const lm = n.node.getChild("LabelMatchers");
      if (lm) {
        const inner = q.slice(lm.from + 1, lm.to - 1).trim();
        edits.push({ at: lm.to - 1, text: (inner === "" || inner.endsWith(",") ? "" : ",") + text });
      } else {
        const id = n.node.getChild("Identifier");
        if (id) edits.push({ at: id.to, text: `{${text}}` });
      }
      return false;
    },
  });
  let out = q;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.at);
  return out;
}

/** A DDx row's "label=value" as a filter link into the explorer. */
export function filterHref(query: string, label: string, value: string, exclude: boolean): string {
  return `/explorer?${new URLSearchParams({ q: addFilter(query, { [label]: value }, exclude) }).toString()}`;
}
