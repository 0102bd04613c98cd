import { For, Show } from "solid-js";
import type { IncidentDetail } from "../../api/incidents";
import { formatTime } from "../../lib/time";
import { Link } from "../../ui/Link";

type Entry = IncidentDetail["timeline"][number];

const str = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));

/** A mute's matchers as people write them: {service="checkout"}. */
const matchersText = (v: unknown) =>
  Array.isArray(v) && v.length ? `{${v.map((m) => `${str(m?.name)}${str(m?.op)}"${str(m?.value)}"`).join(", ")}}` : "";

/** One line per entry, in words; user text (comments, notes, change titles) is rendered as text, never as markup. */
function Line(props: { e: Entry; utc: boolean }) {
  const d = () => props.e.data;
  const alert = () => (
    <Link href={`/alerts/${encodeURIComponent(str(d().alertId))}`}>{str(d().monitorName) || str(d().alertId)}</Link>
  );
  const mute = () => <Link href={`/muting?id=${encodeURIComponent(str(d().id))}`}>Mute</Link>;
  const comment = () => <Show when={str(d().comment)}>: “{str(d().comment)}”</Show>;
  switch (props.e.kind) {
    case "opened":
      return <>Incident opened{props.e.by ? "" : " by grouping firing alerts"}</>;
    case "alert_joined":
      return (
        <>
          {alert()} joined
          <Show when={d().reason === "service_graph"}> (a service-graph neighbour of {str(d().neighbour)})</Show>
          <Show when={d().reason === "change_event"}> (after the same change: {str(d().changeTitle)})</Show>
        </>
      );
    case "page_grouped":
      // A channel paging per incident: this alert's notification went to the incident's page, or nowhere.
      // On the incident's own page its id and title would only repeat the header: say it in the page's terms.
      return (
        <Show
          when={["trigger", "repeat", "update"].includes(str(d().notification))}
          fallback={
            <>
              {alert()}
              {d().notification === "resolve" ? " resolved: " : " "}
              {str(d().text)}
            </>
          }
        >
          {alert()} grouped into this incident: no new page on channel {str(d().channelName)}
        </Show>
      );
    case "alert_fired":
      return <>{alert()} fired</>;
    case "alert_resolved":
      return <>{alert()} resolved</>;
    case "alert_acknowledged":
      return (
        <>
          {alert()} acknowledged<Show when={str(d().comment)}>: “{str(d().comment)}”</Show>
        </>
      );
    case "acknowledged":
      return (
        <>
          Incident acknowledged ({str(d().count)} alerts)<Show when={str(d().comment)}>: “{str(d().comment)}”</Show>
        </>
      );
    case "postmortem":
      return (
        <>
          Postmortem started: <Link href={`/notebooks/${encodeURIComponent(str(d().notebookId))}`}>notebook</Link>
        </>
      );
    case "status":
      return (
        <>
          Status {str(d().from)} → <strong>{str(d().to)}</strong>
          <Show when={str(d().note)}>: “{str(d().note)}”</Show>
        </>
      );
    case "severity":
      return (
        <>
          Severity {str(d().from).toUpperCase()} → <strong>{str(d().to).toUpperCase()}</strong>
        </>
      );
    case "commander":
      return <>Commander {d().to ? <strong>{str(d().to)}</strong> : "cleared"}</>;
    case "title":
      return <>Renamed to “{str(d().to)}”</>;
    case "comment":
      return <span style={{ "white-space": "pre-wrap", "overflow-wrap": "anywhere" }}>{str(d().body)}</span>;
    case "change":
      return (
        <>
          <Link href={`/changes?id=${encodeURIComponent(str(d().id))}`}>Change</Link>:{" "}
          <span style={{ "overflow-wrap": "anywhere" }}>“{str(d().title)}”</span>
          <span class="muted">
            {" "}
            ({[str(d().category), str(d().type)].filter(Boolean).join(" ")}
            <Show when={str(d().source)}>, from {str(d().source)}</Show>)
          </span>
        </>
      );
    case "mute":
      return (
        <>
          {mute()} created
          <Show when={d().monitorId}> on the monitor</Show>
          <Show when={matchersText(d().matchers)}>
            {" "}
            on <span class="mono">{matchersText(d().matchers)}</span>
          </Show>
          <Show when={typeof d().endsAt === "number"}>, until {formatTime(Number(d().endsAt), props.utc, false)}</Show>
          {comment()}
        </>
      );
    case "mute_expired":
      return (
        <>
          {mute()} expired{comment()}
        </>
      );
    case "mute_deleted":
      return (
        <>
          {mute()} deleted{comment()}
        </>
      );
    default:
      return <>{props.e.kind}</>;
  }
}

export function Timeline(props: { entries: Entry[]; utc: boolean }) {
  return (
    <ol class="stack" style={{ "list-style": "none", padding: 0, margin: 0, gap: "6px" }} aria-label="Timeline">
      <For each={props.entries}>
        {(e) => (
          <li class="row" style={{ "align-items": "baseline", "flex-wrap": "wrap", gap: "6px" }} data-kind={e.kind}>
            <span class="muted mono" style={{ "min-width": "9ch" }}>
              {formatTime(e.at, props.utc)}
            </span>
            <span style={{ flex: 1, "min-width": "12ch" }}>
              <Line e={e} utc={props.utc} />
              <Show when={e.by}>
                <span class="muted"> · {e.by}</span>
              </Show>
            </span>
          </li>
        )}
      </For>
    </ol>
  );
}
