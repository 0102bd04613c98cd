// Deploy and rollback as Vigil change events (POST /api/change-events) and as the ArgoCD notification a real
// cluster would send (POST /webhooks/argocd).
import { BAD_REGION, BAD_VERSION, GOOD_VERSION } from "./topology.mjs";

export const ROLLBACK_REASON = "v3.41.0 DNS misconfiguration causing 503s";

/** The change event body for a deploy or rollback. @param {"deploy" | "rollback"} kind @param {number} at wall ms */
export function changeEventBody(kind, at) {
  const deploy = kind === "deploy";
  const version = deploy ? BAD_VERSION : GOOD_VERSION;
  return {
    title: deploy ? `Deploy: checkout-service ${BAD_VERSION}` : `Rollback: checkout-service ${GOOD_VERSION}`,
    source: "ArgoCD",
    category: "deploys",
    type: deploy ? "deploy" : "rollback",
    happened_at: Math.round(at),
    labels: {
      author: "deploy-bot",
      region: BAD_REGION,
      environment: "production",
      service: "checkout-service",
      version,
      ...(deploy ? {} : { reason: ROLLBACK_REASON, rolled_back_from: BAD_VERSION }),
    },
    payload: {
      application: "checkout-service-production-us-east-1",
      revision: deploy ? "9c1e4a7" : "3b7d2f0",
      image: `registry.internal/commerce/checkout-service:${version}`,
      ...(deploy ? {} : { reason: ROLLBACK_REASON }),
    },
  };
}

/** What an ArgoCD notification template posts (the flat fields of the documented webhook template).
 * @param {"deploy" | "rollback"} kind @param {number} at */
export function argoCdBody(kind, at) {
  const deploy = kind === "deploy";
  const version = deploy ? BAD_VERSION : GOOD_VERSION;
  return {
    app: "checkout-service",
    version,
    image: `registry.internal/commerce/checkout-service:${version}`,
    revision: deploy ? "9c1e4a7" : "3b7d2f0",
    author: "deploy-bot",
    phase: "Succeeded",
    operation: deploy ? "sync" : "rollback",
    ...(deploy ? {} : { reason: ROLLBACK_REASON }),
    environment: "production",
    region: BAD_REGION,
    cluster: "prod-us-east-1",
    namespace: "commerce",
    timestamp: Math.round(at),
  };
}

/**
 * Tell Vigil about a deploy or rollback, once: the deploy arrives the way ArgoCD would send it (its webhook),
 * the rollback through the change-events API (as a person or script would, with the reason). Each falls back
 * to the other path when its route is missing, so there is always exactly one event.
 * @param {import("./api.mjs").VigilApi} api @param {"deploy" | "rollback"} kind @param {number} at wall ms
 */
export async function announce(api, kind, at) {
  const viaWebhook = () => api.call("POST", "/api/webhooks/argocd", argoCdBody(kind, at));
  const viaApi = () => api.call("POST", "/api/change-events", changeEventBody(kind, at));
  const [first, second, names] =
    kind === "deploy"
      ? [viaWebhook, viaApi, ["ArgoCD webhook", "change events"]]
      : [viaApi, viaWebhook, ["change events", "ArgoCD webhook"]];
  const a = await first();
  if (api.report(names[0], a, `posting the ${kind}`)) return a.body;
  const b = await second();
  return api.report(names[1], b, `posting the ${kind}`) ? b.body : null;
}
