import type { DeliveryOutcome } from "../../core/ports/notifier";
import type { OutboundRequest } from "../../core/notify/types";

export type { DeliveryOutcome };

const TIMEOUT_MS = 10_000;

/**
 * POST one notification. 2xx is delivered; 429, 5xx and network errors are worth retrying; any other 4xx
 * means the request itself is wrong (bad routing key, malformed body) and retrying would only repeat it.
 */
export async function postJson(req: OutboundRequest, fetcher: typeof fetch = fetch): Promise<DeliveryOutcome> {
  let res: Response;
  try {
    res = await fetcher(req.url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Vigil-Alerting/1" },
      body: JSON.stringify(req.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return { status: "retry", httpStatus: null, error: err instanceof Error ? err.message : String(err) };
  }
  const text = (await res.text().catch(() => "")).slice(0, 500);
  if (res.ok) return { status: "sent", httpStatus: res.status };
  if (res.status === 429 || res.status >= 500)
    return { status: "retry", httpStatus: res.status, error: text || res.statusText };
  return { status: "failed", httpStatus: res.status, error: text || res.statusText };
}
