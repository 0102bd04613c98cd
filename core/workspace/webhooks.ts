import { z } from "zod";
import { LIMITS, type NewChangeEvent } from "../contracts/change-events";

/** Webhook payloads from deploy tools -> change events. Pure: the route adds who and when it was received. */

/** A change event as a webhook describes it; the route adds who stored it. */
export type MappedEvent = Omit<NewChangeEvent, "id" | "createdBy" | "createdAt">;

const str = z.string().max(1_000);
const time = z.union([z.string(), z.number()]).optional();

/**
 * ArgoCD notifications post whatever their template says. Accepted: the flat fields of the documented
 * webhook template (app, revision, version, author, ...) and/or the Application object as `application`
 * (what `{{toJson .app}}` produces).
 */
export const argoCdSchema = z
  .object({
    app: str.optional(),
    application: z
      .union([
        str,
        z
          .object({
            metadata: z
              .object({ name: str, namespace: str.optional(), labels: z.record(z.string(), z.string()).optional() })
              .passthrough(),
            spec: z
              .object({
                destination: z
                  .object({ server: str.optional(), name: str.optional(), namespace: str.optional() })
                  .passthrough()
                  .optional(),
              })
              .passthrough()
              .optional(),
            status: z
              .object({
                sync: z.object({ revision: str.optional(), status: str.optional() }).passthrough().optional(),
                summary: z
                  .object({ images: z.array(str).optional() })
                  .passthrough()
                  .optional(),
                operationState: z
                  .object({
                    phase: str.optional(),
                    finishedAt: time,
                    startedAt: time,
                    operation: z
                      .object({
                        initiatedBy: z
                          .object({ username: str.optional(), automated: z.boolean().optional() })
                          .passthrough()
                          .optional(),
                      })
                      .passthrough()
                      .optional(),
                  })
                  .passthrough()
                  .optional(),
              })
              .passthrough()
              .optional(),
          })
          .passthrough(),
      ])
      .optional(),
    revision: str.optional(),
    version: str.optional(),
    image: str.optional(),
    author: str.optional(),
    status: str.optional(),
    phase: str.optional(),
    operation: str.optional(),
    reason: str.optional(),
    environment: str.optional(),
    region: str.optional(),
    cluster: str.optional(),
    namespace: str.optional(),
    timestamp: time,
    labels: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();

function toMs(t: string | number | undefined): number | undefined {
  if (t === undefined) return undefined;
  if (typeof t === "number") return t < 1e12 ? t * 1000 : t;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A timestamp from the sender, unless it is missing or outside the accepted window (then: received now). */
function when(t: number | undefined, now: number): number {
  return t !== undefined && Math.abs(t - now) <= LIMITS.skewMs ? t : now;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function compact(labels: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (v !== undefined && v !== "") out[k] = clip(v, LIMITS.labelValue);
  return out;
}

/** The tag of the first image (`repo/checkout-service:v3.41.0` -> `v3.41.0`). */
function imageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const at = image.lastIndexOf(":");
  return at > image.lastIndexOf("/") ? image.slice(at + 1) : undefined;
}

export function fromArgoCd(body: z.infer<typeof argoCdSchema>, now: number): MappedEvent {
  const appObj = typeof body.application === "object" ? body.application : undefined;
  const name =
    body.app ?? (typeof body.application === "string" ? body.application : appObj?.metadata.name) ?? "unknown-app";
  const op = appObj?.status?.operationState;
  const revision = body.revision ?? appObj?.status?.sync?.revision;
  const version =
    body.version ?? imageTag(body.image) ?? imageTag(appObj?.status?.summary?.images?.[0]) ?? revision?.slice(0, 12);
  const phase = body.phase ?? body.status ?? op?.phase;
  const rollback = /rollback/i.test(body.operation ?? "");
  const failed = phase !== undefined && /fail|error/i.test(phase);
  const verb = rollback ? "Rollback" : "Deploy";
  const title = clip(`${verb}${failed ? " failed" : ""}: ${name}${version ? ` ${version}` : ""}`, LIMITS.title);
  const author =
    body.author ??
    op?.operation?.initiatedBy?.username ??
    (op?.operation?.initiatedBy?.automated ? "argocd-automated" : undefined);
  return {
    title,
    source: "ArgoCD",
    category: "deploys",
    type: rollback ? "rollback" : "deploy",
    happenedAt: when(toMs(body.timestamp) ?? toMs(op?.finishedAt) ?? toMs(op?.startedAt), now),
    labels: compact({
      ...(appObj?.metadata.labels ?? {}),
      ...(body.labels ?? {}),
      service: name,
      version,
      revision,
      author,
      phase,
      reason: body.reason,
      environment: body.environment,
      region: body.region,
      cluster: body.cluster ?? appObj?.spec?.destination?.name ?? appObj?.spec?.destination?.server,
      namespace: body.namespace ?? appObj?.spec?.destination?.namespace ?? appObj?.metadata.namespace,
    }),
    payload: body,
  };
}

const ghUser = z.object({ login: str }).passthrough();
const ghDeployment = z
  .object({
    id: z.number().optional(),
    sha: str.optional(),
    ref: str.optional(),
    task: str.optional(),
    environment: str.optional(),
    description: str.nullable().optional(),
    creator: ghUser.nullable().optional(),
    created_at: str.optional(),
    payload: z.unknown().optional(),
  })
  .passthrough();

export const githubSchema = z
  .object({
    action: str.optional(),
    deployment: ghDeployment,
    deployment_status: z
      .object({
        state: str,
        environment: str.optional(),
        description: str.nullable().optional(),
        creator: ghUser.nullable().optional(),
        target_url: str.nullable().optional(),
        created_at: str.optional(),
      })
      .passthrough()
      .optional(),
    repository: z.object({ name: str, full_name: str.optional(), html_url: str.optional() }).passthrough().optional(),
    sender: ghUser.optional(),
  })
  .passthrough();

/** GitHub `deployment` and `deployment_status` events. */
export function fromGitHub(event: string, body: z.infer<typeof githubSchema>, now: number): MappedEvent {
  const d = body.deployment;
  const repo = body.repository?.name ?? "unknown-repo";
  const version = d.ref ?? d.sha?.slice(0, 12);
  const status = event === "deployment_status" ? body.deployment_status?.state : undefined;
  const prefix = status === undefined || status === "success" ? "Deploy" : `Deploy ${status}`;
  const title = clip(
    `${prefix}: ${repo}${version ? ` ${version}` : ""}${d.environment ? ` to ${d.environment}` : ""}`,
    LIMITS.title,
  );
  return {
    title,
    source: "GitHub",
    category: "deploys",
    type: event === "deployment_status" ? `deployment_${status ?? "status"}` : "deployment",
    happenedAt: when(toMs(body.deployment_status?.created_at) ?? toMs(d.created_at), now),
    labels: compact({
      service: repo,
      repository: body.repository?.full_name,
      version,
      sha: d.sha,
      environment: body.deployment_status?.environment ?? d.environment,
      author: d.creator?.login ?? body.sender?.login,
      status,
      task: d.task,
      deployment_id: d.id === undefined ? undefined : String(d.id),
      url: body.deployment_status?.target_url ?? undefined,
    }),
    payload: body,
  };
}

/** Keep the stored payload under the change event limit: the raw body when it fits, else a note. */
export function boundedPayload(body: unknown): unknown {
  const text = JSON.stringify(body);
  if (new TextEncoder().encode(text).length <= LIMITS.payloadBytes) return body;
  return { truncated: true, note: `webhook body was ${text.length} characters; only the mapped fields were kept` };
}
