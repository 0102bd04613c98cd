// The audit trail: every successful change to monitors, mutes, SLOs, channels, tokens, teams and users is recorded
// with who, when and what, from one table of paths, so a route added later under these paths is audited too.
import type { MiddlewareHandler } from "hono";
import type { AuditEntry } from "../../core/contracts/people";
import { recordAudit } from "../../platform/db/audit";
import { peopleConfig } from "../../platform/people/config";
import type { AppEnv } from "../app-env";

type Kind = AuditEntry["objectKind"];

/** [path pattern (group 1: the object id, group 2: a sub-resource or action), kind]. First match wins. */
const RULES: [RegExp, Kind][] = [
  [/^\/api\/monitors(?:\/([^/]+)(?:\/(.+))?)?$/, "monitor"],
  [/^\/api\/muting-rules(?:\/([^/]+)(?:\/(.+))?)?$/, "mute"],
  [/^\/api\/v2\/silences?(?:\/([^/]+))?()$/, "mute"],
  // Inhibition is muting by another alert: audited with the mutes (ids start with inh_).
  [/^\/api\/inhibit-rules(?:\/([^/]+)(?:\/(.+))?)?$/, "mute"],
  [/^\/api\/slos(?:\/([^/]+)(?:\/(.+))?)?$/, "slo"],
  [/^\/api\/notification-channels(?:\/([^/]+)(?:\/(.+))?)?$/, "channel"],
  [/^\/api\/tokens(?:\/([^/]+)(?:\/(.+))?)?$/, "token"],
  [/^\/api\/teams(?:\/([^/]+)(?:\/(.+))?)?$/, "team"],
  [/^\/api\/users\/([^/]+)(?:\/(.+))?$/, "user"],
  // Dashboards keep their own version history; who handed one (or a notebook) to another team is audited here.
  [/^\/api\/dashboards\/([^/]+)\/(team)$/, "dashboard"],
  [/^\/api\/notebooks\/([^/]+)\/(team)$/, "notebook"],
];

/** Sub-resources that are not changes to the object itself (they have their own history or none). */
const NOT_CHANGES = /^(comments|preview|state|versions)(\/|$)/;

const VERB: Record<string, string> = { POST: "created", PUT: "updated", PATCH: "updated", DELETE: "deleted" };

function classify(method: string, path: string): { kind: Kind; id: string | null; action: string } | null {
  if (!(method in VERB)) return null;
  for (const [re, kind] of RULES) {
    const m = re.exec(path);
    if (!m) continue;
    const [, id, sub] = m;
    if (sub && NOT_CHANGES.test(sub)) return null;
    if (id === "preview" || id === "import") return null;
    const action = sub ? `${sub.split("/")[0]}.${VERB[method]}` : id || method !== "POST" ? VERB[method] : "created";
    return { kind, id: id ? decodeURIComponent(id) : null, action };
  }
  return null;
}

async function bodyOf(res: Response): Promise<Record<string, unknown>> {
  if (!res.headers.get("content-type")?.includes("json")) return {};
  try {
    const v = await res.clone().json();
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const auditTrail: MiddlewareHandler<AppEnv> = async (c, next) => {
  const what = classify(c.req.method, new URL(c.req.url).pathname);
  await next();
  if (!what || c.res.status >= 300) return;
  const principal = c.get("principal");
  if (!principal) return;
  const body = await bodyOf(c.res);
  const info = (body.info && typeof body.info === "object" ? body.info : body) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);
  const id = str(info.id) ?? str(body.deleted) ?? str(body.revoked) ?? str(body.userId) ?? what.id ?? "unknown";
  const name = str(info.name) ?? str(info.slug) ?? str(body.name) ?? str(info.title);
  const version = what.action === "team.updated" ? null : str(info.version);
  const owner = what.action === "team.updated" ? ` to ${str(info.team) ? `team ${str(info.team)}` : "no team"}` : "";
  const summary = `${what.kind} ${name ? `"${name}" ` : ""}${what.action}${owner}${version ? ` (version ${version})` : ""}`;
  try {
    await recordAudit(
      c.env.DB,
      [
        {
          actorId: principal.userId,
          actorKind: principal.kind ?? "token",
          action: what.action,
          objectKind: what.kind,
          objectId: id,
          summary,
          details: { method: c.req.method, path: new URL(c.req.url).pathname, tokenId: principal.tokenId },
          requestId: c.get("requestId") ?? null,
        },
      ],
      Date.now(),
      peopleConfig(c.env).auditRetentionDays,
    );
  } catch (err) {
    // The change itself is done; losing its audit line must be loud in the logs but not fail the response.
    console.error("audit record failed", err);
  }
};
