// Node 20 has no global WebSocket; `ws` ships with wrangler/miniflare. Loaded untyped to avoid a types package.
import { createRequire } from "node:module";

export interface Socket {
  on(event: "message", fn: (data: Buffer) => void): void;
  on(event: "open" | "close", fn: () => void): void;
  on(event: "error", fn: (err: Error) => void): void;
  close(): void;
}
const WS = createRequire(import.meta.url)("ws") as new (url: string) => Socket;

export function connect(url: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = new WS(url);
    s.on("open", () => resolve(s));
    s.on("error", reject);
  });
}
