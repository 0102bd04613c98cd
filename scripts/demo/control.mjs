// The simulator's control port (127.0.0.1 only): `npm run scenario -- deploy-bad | rollback | reset | status`.
import { createServer } from "node:http";

/**
 * @param {{ port: number, sim: { control(a: "deploy-bad" | "rollback" | "reset"): unknown, status(): unknown },
 *   onAction?: (action: string) => void }} o
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export function startControlServer(o) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname.replace(/^\/+/, "");
    const reply = (/** @type {number} */ status, /** @type {unknown} */ body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body, null, 2));
    };
    if (req.method === "GET" && (path === "status" || path === "")) return reply(200, o.sim.status());
    if (req.method === "POST" && (path === "deploy-bad" || path === "rollback" || path === "reset")) {
      o.onAction?.(path);
      return reply(200, o.sim.control(path));
    }
    return reply(404, { ok: false, message: "use GET /status or POST /deploy-bad, /rollback, /reset" });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, "127.0.0.1", () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : o.port;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r(undefined))) });
    });
  });
}
