import { Link } from "../../ui/Link";
import { filterHref } from "../explorer/filter";

/** A DDx row's label=value as a next step: the query in the explorer, filtered to it or without it. */
export function FilterActions(props: { query: string; label: string; value: string }) {
  return (
    <div
      class="row"
      role="group"
      aria-label={`Actions for ${props.label}=${props.value}`}
      style={{ "margin-top": "4px" }}
    >
      <Link class="btn" href={filterHref(props.query, props.label, props.value, false)}>
        Filter by this
      </Link>
      <Link class="btn" href={filterHref(props.query, props.label, props.value, true)}>
        Exclude this
      </Link>
    </div>
  );
}

/** A Trace DDx row's attribute=value as a trace search: the matching traces, or those without it. */
export function TraceFilterActions(props: { service?: string; attrKey: string; value: string }) {
  const href = (op: "=" | "!=") =>
    `/traces?${new URLSearchParams({ ...(props.service ? { service: props.service } : {}), tag: `${props.attrKey}${op}${props.value}` }).toString()}`;
  return (
    <div
      class="row"
      role="group"
      aria-label={`Actions for ${props.attrKey}=${props.value}`}
      style={{ "margin-top": "4px" }}
    >
      <Link class="btn" href={href("=")}>
        Filter by this
      </Link>
      <Link class="btn" href={href("!=")}>
        Exclude this
      </Link>
    </div>
  );
}
