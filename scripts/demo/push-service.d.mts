// Types for push-service.mjs.
import type { ECDH } from "node:crypto";
import type { PushSubscriptionJson } from "./pager-receiver.mjs";

export interface Phone {
  name: string;
  ecdh: ECDH;
  publicRaw: Buffer;
  authSecret: Buffer;
  applicationServerKey: string | null;
}
export function newPhone(name: string): Phone;
export function subscriptionOf(phone: Phone, endpoint: string): PushSubscriptionJson;
export function decryptPush(body: Buffer, phone: Phone): string;
export function checkVapid(
  authorization: string | undefined,
  audience: string,
  applicationServerKey: string | null,
  nowSeconds: number,
): { status: 401 | 403; error: string } | null;
export function receivePush(req: {
  phone: Phone;
  audience: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  now?: number;
}):
  | { status: number; error: string }
  | { status: 201; payload: any; headers: { ttl: number; urgency: string; topic: string | null } };
