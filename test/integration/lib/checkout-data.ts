// The scenario's checkout traffic as Prometheus counters, written through the real remote_write endpoint.
import { remoteWrite } from "../ingest-helpers";

export const STEP = 15_000;
const PER_STEP = 250; // requests per 15 s per region: ~1,000 req/min

export interface Phase {
  /** Error ratio for production/us-east-1 at time t. */
  eastErrorRate: (t: number) => number;
}

const regions = ["us-east-1", "us-west-2"] as const;

export class CheckoutTraffic {
  private totals = new Map<string, number>();
  constructor(
    private readonly phase: Phase,
    private readonly extra: Record<string, string> = {},
  ) {}

  private labels(region: string, status: string) {
    return {
      __name__: "checkout_http_requests_total",
      service: "checkout-service",
      environment: "production",
      region,
      endpoint: "/v2/process-payment",
      method: "POST",
      status,
      ...this.extra,
    };
  }

  /** Write every series' sample at each step in [from, to]. */
  async write(from: number, to: number): Promise<void> {
    const series = new Map<string, { labels: Record<string, string>; samples: { t: number; v: number }[] }>();
    for (let t = from; t <= to; t += STEP) {
      for (const region of regions) {
        const rate = region === "us-east-1" ? this.phase.eastErrorRate(t) : 0.003;
        for (const [status, n] of [
          ["200", PER_STEP * (1 - rate)],
          ["503", PER_STEP * rate],
        ] as const) {
          const key = `${region}/${status}`;
          const v = (this.totals.get(key) ?? 0) + n;
          this.totals.set(key, v);
          const s = series.get(key) ?? {
            labels: this.labels(region, status),
            samples: [] as { t: number; v: number }[],
          };
          s.samples.push({ t, v });
          series.set(key, s);
        }
      }
    }
    const res = await remoteWrite([...series.values()]);
    if (res.status >= 300) throw new Error(`remote_write failed: ${res.status} ${await res.text()}`);
  }
}

export const CHECKOUT_QUERY =
  'sum by (environment, region) (rate(checkout_http_requests_total{status=~"5.."}[1m])) / sum by (environment, region) (rate(checkout_http_requests_total[1m]))';
