import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrometheus, startVigil, type Running, type RunningVigil } from "./harness";

describe("compat harness", () => {
  let vigil: RunningVigil;
  let prom: Running;
  beforeAll(async () => {
    [vigil, prom] = await Promise.all([startVigil({ port: 18010 }), startPrometheus({ port: 18011 })]);
  });
  afterAll(async () => {
    await Promise.all([vigil?.stop(), prom?.stop()]);
  });

  it("starts a Vigil on workerd that checks tokens", async () => {
    expect((await fetch(`${vigil.url}/api/me`)).status).toBe(401);
    const me = await fetch(`${vigil.url}/api/me`, { headers: { authorization: `Bearer ${vigil.token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { userId: string }).userId).toBe("admin");
  });

  it("starts a real Prometheus", async () => {
    const res = await fetch(`${prom.url}/api/v1/status/buildinfo`);
    expect(((await res.json()) as { data: { version: string } }).data.version).toMatch(/^2\./);
  });
});
