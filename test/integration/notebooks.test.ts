import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

interface CellV {
  id: string;
  type: string;
  source?: string;
  html?: string;
  title?: string;
  timeOverride?: unknown;
}
interface Nb {
  id: string;
  title: string;
  owner: string;
  version: number;
  cells: CellV[];
  readOnly: boolean;
}

const send = (path: string, method: string, body: unknown, token?: string) => json(path, body, { method, token });

async function create(token: string, body: unknown): Promise<Nb> {
  const res = await json("/api/notebooks", body, { token });
  expect(res.status).toBe(201);
  return (await res.json()) as Nb;
}

describe("notebooks", () => {
  it("creates with initial cells, appends, edits, reorders and deletes cells", async () => {
    const alice = await tokenWith(["write"], "alice");
    const nb = await create(alice, {
      title: "2 AM Checkout Incident",
      cells: [
        { type: "markdown", source: "Checkout errors in **us-east-1**" },
        {
          type: "ddx",
          kind: "metric",
          query: 'checkout_http_requests_total{status=~"5.."}',
          result: { ranked: [{ label: "endpoint", value: "/v2/process-payment", score: 0.9 }] },
        },
      ],
    });
    expect(nb.owner).toBe("alice");
    expect(nb.cells.map((c) => c.type)).toEqual(["markdown", "ddx"]);
    expect(nb.cells[0]!.html).toBe("<p>Checkout errors in <strong>us-east-1</strong></p>\n");

    let res = await json(
      `/api/notebooks/${nb.id}/cells`,
      {
        cell: {
          type: "log_line",
          timestamp: Date.now(),
          service: "checkout-service",
          severity: "ERROR",
          body: "dial tcp: lookup payment-provider.internal: no such host",
        },
      },
      { token: alice },
    );
    expect(res.status).toBe(201);
    res = await json(
      `/api/notebooks/${nb.id}/cells`,
      {
        cell: {
          type: "snapshot_chart",
          query: "sum(rate(checkout_http_requests_total[5m]))",
          data: { resultType: "matrix", result: [] },
          timeOverride: { from: 1, to: 2 },
        },
        position: 0,
      },
      { token: alice },
    );
    const after = (await res.json()) as Nb;
    expect(after.cells.map((c) => c.type)).toEqual(["snapshot_chart", "markdown", "ddx", "log_line"]);
    expect(after.cells[0]!.timeOverride).toEqual({ from: 1, to: 2 });

    const md = after.cells[1]!;
    res = await send(
      `/api/notebooks/${nb.id}/cells/${md.id}`,
      "PATCH",
      { content: { type: "markdown", source: "Rolled back" }, timeOverride: { from: "now-1h", to: "now" } },
      alice,
    );
    expect(res.status).toBe(200);
    const edited = (await res.json()) as Nb;
    expect(edited.cells[1]).toMatchObject({
      source: "Rolled back",
      html: "<p>Rolled back</p>\n",
      timeOverride: { from: "now-1h", to: "now" },
    });

    res = await send(
      `/api/notebooks/${nb.id}/cells/${md.id}`,
      "PATCH",
      { content: { type: "query_chart", query: "up" } },
      alice,
    );
    expect(res.status).toBe(400);

    const reversed = edited.cells.map((c) => c.id).reverse();
    res = await send(`/api/notebooks/${nb.id}/order`, "PUT", { cellIds: reversed }, alice);
    expect(((await res.json()) as Nb).cells.map((c) => c.id)).toEqual(reversed);
    res = await send(`/api/notebooks/${nb.id}/order`, "PUT", { cellIds: reversed.slice(1) }, alice);
    expect(res.status).toBe(400);

    res = await call(`/api/notebooks/${nb.id}/cells/${md.id}`, { method: "DELETE", token: alice });
    expect(((await res.json()) as Nb).cells).toHaveLength(3);
    expect((await call(`/api/notebooks/${nb.id}/cells/${md.id}`, { method: "DELETE", token: alice })).status).toBe(404);

    const list = (await (await call("/api/notebooks", { token: alice })).json()) as {
      notebooks: Array<{ id: string; cellCount: number }>;
    };
    expect(list.notebooks.find((n) => n.id === nb.id)?.cellCount).toBe(3);

    expect((await call(`/api/notebooks/${nb.id}`, { method: "DELETE", token: alice })).status).toBe(200);
    expect((await call(`/api/notebooks/${nb.id}`, { token: alice })).status).toBe(404);
  });

  it("returns markdown XSS vectors inert through the API", async () => {
    const alice = await tokenWith(["write"], "alice");
    const vectors = [
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<svg onload=alert(1)>",
      "[x](javascript:alert(1))",
      "[x](&#106;avascript:alert(1))",
      '<a href="javascript:alert(1)">x</a>',
      "![x](data:text/html;base64,PHNjcmlwdD4=)",
      "<<script><a href=javascript:alert(1)>x</a>",
    ];
    const nb = await create(alice, { title: "xss", cells: vectors.map((source) => ({ type: "markdown", source })) });
    const got = (await (await call(`/api/notebooks/${nb.id}`, { token: alice })).json()) as Nb;
    got.cells.forEach((cell, i) => {
      expect(cell.source).toBe(vectors[i]);
      expect(cell.html).not.toMatch(/<(script|svg|iframe)|href="\s*javascript|\son\w+="/i);
    });
    expect(got.cells[1]!.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(got.cells[6]!.html).not.toContain("<img");
  });

  it("hides another user's notebook behind 404 for every verb", async () => {
    const alice = await tokenWith(["write"], "alice");
    const bob = await tokenWith(["write"], "bob");
    const nb = await create(alice, { title: "private", cells: [{ type: "markdown", source: "secret" }] });
    const cellId = nb.cells[0]!.id;
    const attempts: Array<[string, string, unknown?]> = [
      [`/api/notebooks/${nb.id}`, "GET"],
      [`/api/notebooks/${nb.id}/export.md`, "GET"],
      [`/api/notebooks/${nb.id}`, "PATCH", { title: "mine" }],
      [`/api/notebooks/${nb.id}/cells`, "POST", { cell: { type: "markdown", source: "x" } }],
      [`/api/notebooks/${nb.id}/cells/${cellId}`, "PATCH", { title: "x" }],
      [`/api/notebooks/${nb.id}/cells/${cellId}`, "DELETE"],
      [`/api/notebooks/${nb.id}/order`, "PUT", { cellIds: [cellId] }],
      [`/api/notebooks/${nb.id}/share`, "POST", {}],
      [`/api/notebooks/${nb.id}/share`, "DELETE"],
      [`/api/notebooks/${nb.id}`, "DELETE"],
    ];
    for (const [path, method, body] of attempts) {
      const res = body === undefined ? await call(path, { method, token: bob }) : await send(path, method, body, bob);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).not.toContain("private");
    }
    const list = (await (await call("/api/notebooks", { token: bob })).json()) as { notebooks: Array<{ id: string }> };
    expect(list.notebooks.some((n) => n.id === nb.id)).toBe(false);
    const still = (await (await call(`/api/notebooks/${nb.id}`, { token: alice })).json()) as Nb;
    expect(still.title).toBe("private");
    expect(still.cells).toHaveLength(1);
  });

  it("keeps every cell when several explorers append at once", async () => {
    const alice = await tokenWith(["write"], "alice");
    const nb = await create(alice, { title: "busy" });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        json(
          `/api/notebooks/${nb.id}/cells`,
          { cell: { type: "markdown", source: `evidence ${i}` } },
          { token: alice },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const got = (await (await call(`/api/notebooks/${nb.id}`, { token: alice })).json()) as Nb;
    expect(got.cells.map((c) => c.source).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `evidence ${i}`).sort());
    expect(got.version).toBe(13);
  });

  it("refuses a cell past the notebook's size limit", async () => {
    const alice = await tokenWith(["write"], "alice");
    const nb = await create(alice, { title: "full" });
    const chunk = { type: "snapshot_chart", query: "up", data: "x".repeat(250_000) };
    for (let i = 0; i < 3; i++)
      expect((await json(`/api/notebooks/${nb.id}/cells`, { cell: chunk }, { token: alice })).status).toBe(201);
    const res = await json(`/api/notebooks/${nb.id}/cells`, { cell: chunk }, { token: alice });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/notebook is full/);
  });

  it("validates cells and limits", async () => {
    const alice = await tokenWith(["write"], "alice");
    expect((await json("/api/notebooks", { title: "" }, { token: alice })).status).toBe(400);
    expect(
      (await json("/api/notebooks", { title: "x", cells: [{ type: "iframe", src: "x" }] }, { token: alice })).status,
    ).toBe(400);
    const big = await json(
      "/api/notebooks",
      { title: "x", cells: [{ type: "snapshot_chart", query: "up", data: "x".repeat(300_000) }] },
      { token: alice },
    );
    expect(big.status).toBe(400);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/limit is 262144/);
  });

  it("exports Markdown with embedded data", async () => {
    const alice = await tokenWith(["write"], "alice");
    const nb = await create(alice, {
      title: "2 AM Checkout Incident",
      cells: [
        { type: "markdown", source: "Deploy v3.41.0 broke payments" },
        {
          type: "snapshot_chart",
          title: "Error rate",
          query: 'sum(rate(checkout_http_requests_total{status=~"5.."}[5m]))',
          data: { result: [{ values: [[1700000000, "0.072"]] }] },
        },
        { type: "trace_link", traceId: "0af7651916cd43dd8448eb211c80319c", service: "checkout-service" },
      ],
    });
    const res = await call(`/api/notebooks/${nb.id}/export.md`, { token: alice });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/markdown");
    const text = await res.text();
    expect(text).toMatch(/^# 2 AM Checkout Incident/);
    expect(text).toContain("Deploy v3.41.0 broke payments");
    expect(text).toContain('"0.072"');
    expect(text).toContain("/traces/0af7651916cd43dd8448eb211c80319c");
  });
});
