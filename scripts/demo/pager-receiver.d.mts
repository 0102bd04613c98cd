// Types for pager-receiver.mjs.
export interface Received {
  at: number;
  kind: "pagerduty" | "slack" | "alertmanager" | "push" | "other";
  path: string;
  body: any;
  /** Pushes only: the delivery headers the push service got. */
  headers?: { ttl: number; urgency: string; topic: string | null };
}
export interface PushSubscriptionJson {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}
export function describe(r: Received): string;
export function startPagerReceiver(o: {
  port: number;
  host?: string;
  logFile?: string | null;
  print?: (line: string) => void;
}): Promise<{
  url: string;
  received: Received[];
  pagerDutyUrl: string;
  slackUrl: string;
  alertmanagerUrl: string;
  push: { endpoint: string; subscribe(applicationServerKey: string): PushSubscriptionJson };
  close(): Promise<void>;
}>;
