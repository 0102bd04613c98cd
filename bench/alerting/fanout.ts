// Fan-out latency from a stored event to N connected WebSocket clients on loopback, against a real Vigil
// (wrangler dev). The event is a comment posted through the API, which publishes to the live feed the same
// way a monitor transition does. Two figures: from the event being stored by the live feed to each client
// (fan-out proper), and end to end from sending the POST. Reference: GET /api/health round trip, same run.
import type { RunningVigil } from "../../test/compat/harness";
import { connect, type Socket } from "./ws-client";

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export async function fanout(v: RunningVigil, clients: number, events: number) {
  const auth = { authorization: `Bearer ${v.token}`, "content-type": "application/json" };
  const mres = await fetch(`${v.url}/api/monitors`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({
      name: `Fan-out bench ${clients} ${Date.now()}`,
      query: "vector(0)",
      enabled: false,
      conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
    }),
  });
  if (mres.status !== 201) throw new Error(`monitor create ${mres.status}: ${await mres.text()}`);
  const monitorId = ((await mres.json()) as { id: string }).id;
  const wsUrl = `${v.url.replace("http", "ws")}/api/live?topics=comments&access_token=${v.token}`;
  const sockets: Socket[] = [];
  let closed = 0;
  const received = new Map<string, number[]>();
  const sinceStored: number[] = [];
  for (let i = 0; i < clients; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, clients - i) }, () => connect(wsUrl)));
    for (const s of batch) {
      s.on("message", (d) => {
        const msg = JSON.parse(d.toString());
        if (msg.type !== "event") return;
        const key = msg.event.data.body as string;
        const arr = received.get(key) ?? [];
        arr.push(performance.now());
        // From the moment the live feed stored the event (its `at`, same machine clock) to this client.
        sinceStored.push(Date.now() - msg.at);
        received.set(key, arr);
      });
      s.on("close", () => closed++);
      sockets.push(s);
    }
  }
  const latencies: number[] = [];
  let missing = 0;
  for (let e = 0; e < events; e++) {
    const body = `bench event ${e}`;
    const sent = performance.now();
    const res = await fetch(`${v.url}/api/monitors/${monitorId}/comments`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ body }),
    });
    if (res.status !== 201) throw new Error(`comment failed ${res.status}`);
    // Bounded wait: a client that never gets the event (its socket dropped, e.g. wrangler reloaded) counts as missing.
    const deadline = performance.now() + 15_000;
    while ((received.get(body)?.length ?? 0) < clients - closed && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 2));
    const arrivals = received.get(body) ?? [];
    missing += clients - arrivals.length;
    for (const t of arrivals) latencies.push(t - sent);
  }
  const health: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await (await fetch(`${v.url}/api/health`)).text();
    health.push(performance.now() - t);
  }
  sockets.forEach((s) => s.close());
  const p50 = pct(latencies, 50);
  const p99 = pct(latencies, 99);
  return {
    clients,
    events,
    deliveries: latencies.length,
    missing,
    socketsClosed: closed,
    fromStoredP50Ms: pct(sinceStored, 50),
    fromStoredP99Ms: pct(sinceStored, 99),
    p50Ms: p50,
    p99Ms: p99,
    maxMs: Math.max(...latencies),
    healthP50Ms: pct(health, 50),
    p99OverHealth: p99 / pct(health, 50),
    targetP99Ms: 100,
  };
}
