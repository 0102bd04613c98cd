// The fields people look for in a change event, wherever the sender put them: labels first (deploy tools and
// the webhooks put them there), then the payload's top level. Pure; used by the Changes page and chart markers.

/** The parts of a change event these rules read (structural, so changes.ts can use them without a cycle). */
export interface ChangeLike {
  title: string;
  type: string;
  category: string;
  labels: Record<string, string>;
  payload?: unknown;
}

export type ChangeKind = "deploy" | "rollback" | "alert" | "change";

export interface ChangeFields {
  kind: ChangeKind;
  author?: string;
  service?: string;
  version?: string;
  environment?: string;
  region?: string;
  reason?: string;
  /** Labels not shown as one of the fields above. */
  rest: [string, string][];
}

const KNOWN: Record<Exclude<keyof ChangeFields, "kind" | "rest">, string[]> = {
  author: ["author", "user", "actor", "created_by"],
  service: ["service", "app", "application", "service.name"],
  version: ["version", "deployment.version", "image_tag"],
  environment: ["environment", "env", "deployment.environment"],
  region: ["region", "cloud.region"],
  reason: ["reason", "rollback_reason", "message"],
};

export function changeKind(e: Pick<ChangeLike, "title" | "type" | "category">): ChangeKind {
  if (e.category === "alerts") return "alert";
  if (/rollback/i.test(e.type) || /^rollback\b/i.test(e.title)) return "rollback";
  if (e.category === "deploys") return "deploy";
  return "change";
}

export function changeFields(e: ChangeLike): ChangeFields {
  const payload = e.payload && typeof e.payload === "object" ? (e.payload as Record<string, unknown>) : {};
  const used = new Set<string>();
  const pick = (keys: string[]): string | undefined => {
    for (const k of keys)
      if (e.labels[k]) {
        used.add(k);
        return e.labels[k];
      }
    for (const k of keys) if (typeof payload[k] === "string" && payload[k]) return payload[k] as string;
    return undefined;
  };
  const out: ChangeFields = { kind: changeKind(e), rest: [] };
  for (const [field, keys] of Object.entries(KNOWN) as [keyof typeof KNOWN, string[]][]) {
    const v = pick(keys);
    if (v !== undefined) out[field] = v;
  }
  out.rest = Object.entries(e.labels).filter(([k]) => !used.has(k));
  return out;
}
