// Types for pager-receiver.mjs.
export interface Received {
  at: number;
  kind: "pagerduty" | "slack" | "alertmanager" | "other";
  path: string;
  body: any;
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
  close(): Promise<void>;
}>;
