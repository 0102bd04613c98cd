import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

interface Ev {
  id: string;
  title: string;
  source: string;
  category: string;
  type: string;
  happenedAt: number;
  labels: Record<string, string>;
}

const githubDeployment = (now: Date) => ({
  action: "created",
  deployment: {
    url: "https://api.github.com/repos/acme/checkout-service/deployments/1",
    id: 1234567,
    sha: "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d",
    ref: "v3.41.0",
    task: "deploy",
    payload: {},
    original_environment: "production",
    environment: "production",
    description: null,
    creator: { login: "deploy-bot", id: 1, type: "Bot" },
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  },
  repository: {
    id: 1,
    name: "checkout-service",
    full_name: "acme/checkout-service",
    html_url: "https://github.com/acme/checkout-service",
  },
  sender: { login: "deploy-bot", id: 1 },
});

describe("deploy webhooks -> change events", () => {
  it("maps an ArgoCD notification (flat template) to a deploy event", async () => {
    const ingest = await tokenWith(["ingest"], "argocd");
    const res = await json(
      "/api/webhooks/argocd",
      {
        app: "checkout-service",
        version: "v3.41.0",
        revision: "a84d88e7554f",
        author: "deploy-bot",
        region: "us-east-1",
        environment: "production",
        phase: "Succeeded",
      },
      { token: ingest },
    );
    expect(res.status).toBe(201);
    const ev = (await res.json()) as Ev;
    expect(ev).toMatchObject({
      title: "Deploy: checkout-service v3.41.0",
      source: "ArgoCD",
      category: "deploys",
      type: "deploy",
      labels: { service: "checkout-service", author: "deploy-bot", region: "us-east-1", version: "v3.41.0" },
    });
    const back = (await (await call(`/api/change-events/${ev.id}`)).json()) as Ev;
    expect(back.title).toBe("Deploy: checkout-service v3.41.0");
  });

  it("maps an ArgoCD Application object and a rollback", async () => {
    const finishedAt = new Date(Date.now() - 60_000).toISOString();
    const res = await json("/api/webhooks/argocd", {
      operation: "rollback",
      reason: "v3.41.0 DNS misconfiguration causing 503s",
      application: {
        metadata: { name: "checkout-service", namespace: "argocd", labels: { team: "payments" } },
        spec: { destination: { name: "prod-us-east-1", namespace: "checkout" } },
        status: {
          sync: { revision: "0c1b2a3d4e5f", status: "Synced" },
          summary: { images: ["registry.internal/checkout-service:v3.40.2"] },
          operationState: { phase: "Succeeded", finishedAt, operation: { initiatedBy: { username: "oncall-alice" } } },
        },
      },
    });
    expect(res.status).toBe(201);
    const ev = (await res.json()) as Ev;
    expect(ev.title).toBe("Rollback: checkout-service v3.40.2");
    expect(ev.type).toBe("rollback");
    expect(ev.happenedAt).toBe(Date.parse(finishedAt));
    expect(ev.labels).toMatchObject({
      author: "oncall-alice",
      team: "payments",
      cluster: "prod-us-east-1",
      reason: "v3.41.0 DNS misconfiguration causing 503s",
    });
  });

  it("maps GitHub deployment and deployment_status events, ignores ping", async () => {
    const ingest = await tokenWith(["ingest"], "github");
    const now = new Date();
    let res = await json(`/api/webhooks/github?token=${ingest}`, githubDeployment(now), {
      token: null,
      headers: { "x-github-event": "deployment" },
    });
    expect(res.status).toBe(201);
    let ev = (await res.json()) as Ev;
    expect(ev).toMatchObject({
      title: "Deploy: checkout-service v3.41.0 to production",
      source: "GitHub",
      category: "deploys",
      type: "deployment",
      labels: {
        author: "deploy-bot",
        repository: "acme/checkout-service",
        environment: "production",
        deployment_id: "1234567",
      },
    });
    expect(ev.happenedAt).toBe(Date.parse(now.toISOString()));

    const status = {
      ...githubDeployment(now),
      action: "created",
      deployment_status: {
        state: "failure",
        environment: "production",
        creator: { login: "deploy-bot" },
        target_url: "https://ci.test/run/9",
        created_at: now.toISOString(),
      },
    };
    res = await json("/api/webhooks/github", status, {
      token: ingest,
      headers: { "x-github-event": "deployment_status" },
    });
    ev = (await res.json()) as Ev;
    expect(ev.title).toBe("Deploy failure: checkout-service v3.41.0 to production");
    expect(ev.labels.status).toBe("failure");

    res = await json(
      "/api/webhooks/github",
      { zen: "Keep it logically awesome.", hook_id: 1 },
      { token: ingest, headers: { "x-github-event": "ping" } },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ignored: string }).ignored).toBe("ping");
  });

  it("rejects malformed payloads with 400", async () => {
    expect(
      (await json("/api/webhooks/github", { deployment: "nope" }, { headers: { "x-github-event": "deployment" } }))
        .status,
    ).toBe(400);
    expect((await json("/api/webhooks/argocd", { app: 42 })).status).toBe(400);
  });

  it("needs an ingest token, in the header or the query", async () => {
    const read = await tokenWith(["read"]);
    const ingest = await tokenWith(["ingest"]);
    const body = { app: "x", version: "v1" };
    expect((await json("/api/webhooks/argocd", body, { token: null })).status).toBe(401);
    expect((await json("/api/webhooks/argocd?token=vgl_bad", body, { token: null })).status).toBe(401);
    expect((await json("/api/webhooks/argocd", body, { token: read })).status).toBe(403);
    expect((await json(`/api/webhooks/argocd?token=${read}`, body, { token: null })).status).toBe(403);
    expect((await json("/api/webhooks/argocd", body, { token: ingest })).status).toBe(201);
    expect(
      (
        await json(`/api/webhooks/github?token=${read}`, githubDeployment(new Date()), {
          token: null,
          headers: { "x-github-event": "deployment" },
        })
      ).status,
    ).toBe(403);
  });
});
