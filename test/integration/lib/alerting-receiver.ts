// A stand-in for PagerDuty/Slack: workerd cannot listen on a socket, so outbound requests to the receiver's
// host are answered in-process. Everything else passes through to the real fetch. Requests are recorded
// exactly as the notifier built them (method, URL, headers, parsed JSON body).
export interface Received {
  url: string;
  method: string;
  contentType: string | null;
  body: any;
}

export const RECEIVER = "http://receiver.alerting.test";

export function installReceiver() {
  const original = globalThis.fetch;
  const received: Received[] = [];
  /** Status codes to answer with, in order; 202 when empty. */
  const script: number[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (!req.url.startsWith(RECEIVER)) return original(input, init);
    const text = await req.text();
    received.push({
      url: req.url,
      method: req.method,
      contentType: req.headers.get("content-type"),
      body: text ? JSON.parse(text) : null,
    });
    const status = script.shift() ?? 202;
    return new Response(JSON.stringify({ status: status < 300 ? "success" : "error" }), {
      status,
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  return {
    received,
    script,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
