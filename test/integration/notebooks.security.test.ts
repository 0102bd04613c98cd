import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

interface Nb {
  id: string;
  cells: Array<{ id: string }>;
}

describe("notebooks API security", () => {
  it("each route: no token 401, wrong scope 403, right scope 2xx", async () => {
    const writer = await tokenWith(["write"], "alice");
    const reader = await tokenWith(["read"], "alice");
    const ingest = await tokenWith(["ingest"], "alice");
    const nb = (await (
      await json(
        "/api/notebooks",
        {
          title: "sec",
          cells: [
            { type: "markdown", source: "a" },
            { type: "markdown", source: "b" },
          ],
        },
        { token: writer },
      )
    ).json()) as Nb;
    const [a, b] = nb.cells.map((c) => c.id);
    const reads = ["/api/notebooks", `/api/notebooks/${nb.id}`, `/api/notebooks/${nb.id}/export.md`];
    for (const path of reads) {
      expect((await call(path, { token: null })).status, path).toBe(401);
      expect((await call(path, { token: ingest })).status, path).toBe(403);
      expect((await call(path, { token: reader })).status, path).toBe(200);
    }
    const writes: Array<[string, string, unknown | undefined, number]> = [
      ["/api/notebooks", "POST", { title: "n" }, 201],
      [`/api/notebooks/${nb.id}`, "PATCH", { title: "renamed" }, 200],
      [`/api/notebooks/${nb.id}/cells`, "POST", { cell: { type: "markdown", source: "c" } }, 201],
      [`/api/notebooks/${nb.id}/cells/${a}`, "PATCH", { title: "t" }, 200],
      [`/api/notebooks/${nb.id}/cells/${b}`, "DELETE", undefined, 200],
      [`/api/notebooks/${nb.id}/share`, "POST", {}, 201],
      [`/api/notebooks/${nb.id}/share`, "DELETE", undefined, 200],
    ];
    for (const [path, method, body, ok] of writes) {
      const go = (token: string | null) =>
        body === undefined ? call(path, { method, token }) : json(path, body, { method, token });
      expect((await go(null)).status, `${method} ${path}`).toBe(401);
      expect((await go(reader)).status, `${method} ${path}`).toBe(403);
      expect((await go(ingest)).status, `${method} ${path}`).toBe(403);
      expect((await go(writer)).status, `${method} ${path}`).toBe(ok);
    }
    const current = (await (await call(`/api/notebooks/${nb.id}`, { token: writer })).json()) as Nb;
    const order = current.cells.map((c) => c.id).reverse();
    expect(
      (await json(`/api/notebooks/${nb.id}/order`, { cellIds: order }, { method: "PUT", token: reader })).status,
    ).toBe(403);
    expect(
      (await json(`/api/notebooks/${nb.id}/order`, { cellIds: order }, { method: "PUT", token: writer })).status,
    ).toBe(200);
    expect((await call(`/api/notebooks/${nb.id}`, { method: "DELETE", token: reader })).status).toBe(403);
    expect((await call(`/api/notebooks/${nb.id}`, { method: "DELETE", token: writer })).status).toBe(200);
  });

  it("share links read without a token, cannot write, store only a hash, and die when revoked", async () => {
    const writer = await tokenWith(["write"], "alice");
    const nb = (await (
      await json(
        "/api/notebooks",
        { title: "2 AM Checkout Incident", cells: [{ type: "markdown", source: "<script>alert(1)</script> note" }] },
        { token: writer },
      )
    ).json()) as Nb;
    const share = (await (await json(`/api/notebooks/${nb.id}/share`, {}, { token: writer })).json()) as {
      id: string;
      secret: string;
      url: string;
      apiUrl: string;
    };
    expect(share.url).toContain(`/share/notebooks/${share.secret}`);

    const { env } = await import("cloudflare:workers");
    const rows = await env.DB.prepare("SELECT * FROM notebook_shares WHERE notebook_id = ?").bind(nb.id).all();
    expect(JSON.stringify(rows.results)).not.toContain(share.secret);

    const path = `/api/shared/notebooks/${share.secret}`;
    const res = await call(path, { token: null });
    expect(res.status).toBe(200);
    const view = (await res.json()) as {
      title: string;
      readOnly: boolean;
      owner?: string;
      cells: Array<{ html: string }>;
    };
    expect(view).toMatchObject({ title: "2 AM Checkout Incident", readOnly: true });
    expect(view.owner).toBeUndefined();
    expect(view.cells[0]!.html).toContain("&lt;script&gt;");

    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const w = await json(path, { title: "pwned", cell: { type: "markdown", source: "x" } }, { method, token: null });
      expect(w.status, method).toBeGreaterThanOrEqual(400);
      expect(w.status, method).toBeLessThan(500);
      expect(
        (await json(`${path}/cells`, { cell: { type: "markdown", source: "x" } }, { method, token: null })).status,
      ).toBe(404);
    }
    // The secret is not a token for the notebook API either.
    expect((await call(`/api/notebooks/${nb.id}`, { token: share.secret })).status).toBe(401);
    const unchanged = (await (await call(`/api/notebooks/${nb.id}`, { token: writer })).json()) as {
      title: string;
      cells: unknown[];
    };
    expect(unchanged.title).toBe("2 AM Checkout Incident");
    expect(unchanged.cells).toHaveLength(1);

    expect((await call(`/api/shared/notebooks/${share.secret.slice(0, -1)}x`, { token: null })).status).toBe(404);
    expect((await call(`/api/notebooks/${nb.id}/share`, { method: "DELETE", token: writer })).status).toBe(200);
    expect((await call(path, { token: null })).status).toBe(404);
  });

  it("revoking one share leaves the others working", async () => {
    const writer = await tokenWith(["write"], "alice");
    const nb = (await (await json("/api/notebooks", { title: "two links" }, { token: writer })).json()) as Nb;
    const s1 = (await (await json(`/api/notebooks/${nb.id}/share`, {}, { token: writer })).json()) as {
      id: string;
      secret: string;
    };
    const s2 = (await (await json(`/api/notebooks/${nb.id}/share`, {}, { token: writer })).json()) as {
      id: string;
      secret: string;
    };
    expect((await call(`/api/notebooks/${nb.id}/share/${s1.id}`, { method: "DELETE", token: writer })).status).toBe(
      200,
    );
    expect((await call(`/api/shared/notebooks/${s1.secret}`, { token: null })).status).toBe(404);
    expect((await call(`/api/shared/notebooks/${s2.secret}`, { token: null })).status).toBe(200);
    expect((await call(`/api/notebooks/${nb.id}/share/${s1.id}`, { method: "DELETE", token: writer })).status).toBe(
      404,
    );
  });
});
