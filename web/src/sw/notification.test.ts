import { describe, expect, it } from "vitest";
import type { PushPayload } from "../../../core/contracts/push";
import { ackOutcome, notificationOf, readPage } from "./notification";

const page: PushPayload = {
  v: 1,
  kind: "trigger",
  tag: "vigil-alert-a_1",
  title: "Critical: Checkout",
  body: "service=checkout · value 5",
  url: "https://elsewhere.example/alerts/a_1",
  alertId: "a_1",
  monitorId: "m_1",
  severity: "critical",
  signal: "service=checkout",
  value: 5,
  at: 0,
  ack: "vpa_token",
};

describe("push notification", () => {
  it("an open page offers Acknowledge and Open, keeps the alert's tag and stays until handled when critical", () => {
    const n = notificationOf(page);
    expect(n.title).toBe("Critical: Checkout");
    expect(n.options).toMatchObject({ tag: "vigil-alert-a_1", renotify: true, requireInteraction: true });
    expect(n.options.actions.map((a) => a.title)).toEqual(["Acknowledge", "Open"]);
    // Our own alert page, whatever URL the payload names.
    expect(n.options.data).toEqual({ alertId: "a_1", url: "/alerts/a_1", ack: "vpa_token" });
  });

  it("a resolve replaces the page quietly with nothing to acknowledge", () => {
    const n = notificationOf({ ...page, kind: "resolve", title: "Resolved: Checkout" });
    expect(n.options).toMatchObject({ tag: "vigil-alert-a_1", renotify: false, requireInteraction: false });
    expect(n.options.actions.map((a) => a.title)).toEqual(["Open"]);
    expect(n.options.data.ack).toBeNull();
  });

  it("a page without a token (an acknowledgement's update) only opens", () => {
    const n = notificationOf({ ...page, kind: "repeat", ack: undefined, severity: "warning" });
    expect(n.options.actions.map((a) => a.action)).toEqual(["open"]);
    expect(n.options.requireInteraction).toBe(false);
  });

  it("reads only payloads with the fields it needs", () => {
    expect(readPage(null)).toBeNull();
    expect(readPage({ title: "x" })).toBeNull();
    expect(readPage({ ...page, ack: 12 })?.ack).toBeUndefined();
  });

  it("after Acknowledge: a replacement under the same tag says what happened", () => {
    const data = { alertId: "a_1", url: "/alerts/a_1", ack: "vpa_token" };
    const ok = ackOutcome({ title: page.title, tag: page.tag, data }, { ok: true, message: "" });
    expect(ok.title).toBe("Acknowledged: Checkout");
    expect(ok.options).toMatchObject({ tag: page.tag, data: { ack: null } });
    const late = ackOutcome({ title: page.title, tag: page.tag, data }, { ok: false, message: "it has expired" });
    expect(late.options.body).toBe("Could not acknowledge: it has expired");
  });
});
