// What the "Add channel" form holds, turned into the API's body and checked with the API's own schema.
import { type ChannelInput, channelInputSchema, type NotifyPer } from "../../../../core/contracts/alerting";
import { maskSecret } from "../../../../core/contracts/channel-secrets";

export type ChannelKind = ChannelInput["kind"];
export const CHANNEL_KINDS: { kind: ChannelKind; label: string }[] = [
  { kind: "pagerduty", label: "PagerDuty (Events API v2)" },
  { kind: "slack", label: "Slack (incoming webhook)" },
  { kind: "alertmanager", label: "Webhook (Alertmanager format)" },
  { kind: "push", label: "Push to Vigil's app (people and teams)" },
];

/** Every field of every kind: switching kind keeps what was typed in the others. */
export interface ChannelFields {
  kind: ChannelKind;
  name: string;
  notifyPer: NotifyPer;
  routingKey: string;
  eventsUrl: string;
  webhookUrl: string;
  url: string;
  users: string;
  teams: string;
}
export type FieldName = Exclude<keyof ChannelFields, "kind">;

export const emptyChannelFields = (): ChannelFields => ({
  kind: "pagerduty",
  name: "",
  notifyPer: "alert",
  routingKey: "",
  eventsUrl: "",
  webhookUrl: "",
  url: "",
  users: "",
  teams: "",
});

const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** The POST body for the chosen kind (only its fields; an empty optional URL is left out). */
export function channelBody(f: ChannelFields): Record<string, unknown> {
  const base = { kind: f.kind, name: f.name, notifyPer: f.notifyPer };
  switch (f.kind) {
    case "pagerduty":
      return {
        ...base,
        config: { routingKey: f.routingKey.trim(), ...(f.eventsUrl.trim() ? { eventsUrl: f.eventsUrl.trim() } : {}) },
      };
    case "slack":
      return { ...base, config: { webhookUrl: f.webhookUrl.trim() } };
    case "alertmanager":
      return { ...base, config: { url: f.url.trim() } };
    case "push":
      return { ...base, config: { users: list(f.users), teams: list(f.teams) } };
  }
}

/** Which input an issue of the schema belongs to (the push channel's "someone" rule goes under users). */
function fieldOf(path: readonly PropertyKey[]): FieldName {
  const [top, key] = path;
  if (top !== "config") return top === "notifyPer" ? "notifyPer" : "name";
  if (key === "teams") return "teams";
  if (key === "routingKey" || key === "eventsUrl" || key === "webhookUrl" || key === "url") return key;
  return "users";
}

export type ChannelCheck =
  | { ok: true; input: ChannelInput }
  | { ok: false; errors: Partial<Record<FieldName, string>> };

/** Checked with `channelInputSchema`, the one the API validates with: the form can't accept what the server refuses. */
export function checkChannel(f: ChannelFields): ChannelCheck {
  const r = channelInputSchema.safeParse(channelBody(f));
  if (r.success) return { ok: true, input: r.data };
  const errors: Partial<Record<FieldName, string>> = {};
  for (const issue of r.error.issues) errors[fieldOf(issue.path)] ??= issue.message;
  return { ok: false, errors };
}

/** What the list shows of a channel's target: secrets by their last 4 characters, people and teams by name. */
export function channelTarget(ch: { kind: string; config?: unknown }): string {
  const c = (typeof ch.config === "object" && ch.config !== null ? ch.config : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof c[k] === "string" ? (c[k] as string) : "");
  switch (ch.kind) {
    case "pagerduty":
      return `routing key ${maskSecret(str("routingKey"))}`;
    case "slack":
      return `webhook ${maskSecret(str("webhookUrl"))}`;
    case "alertmanager":
      return `webhook ${maskSecret(str("url"))}`;
    case "push": {
      const names = [c.users, c.teams].flatMap((v) => (Array.isArray(v) ? v.map(String) : []));
      return names.length ? `to ${names.join(", ")}` : "";
    }
    default:
      return "";
  }
}

/** Names of the monitors that notify a channel (the confirm step of a delete says who would stop paging it). */
export function monitorsUsing(channelId: string, monitors: readonly { name: string; channels?: string[] }[]): string[] {
  return monitors.filter((m) => m.channels?.includes(channelId)).map((m) => m.name);
}
