// Issue 20 §4: an @team mention reaches the team's members on their live topics and the team's chat channels;
// pages and alert webhooks never carry a mention.
import { afterAll, describe, expect, it } from "vitest";
import { call, json } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { LiveClient } from "./lib/live-client";
import { asSession, sessionFor, teamWith } from "./people-helpers";

const receiver = installReceiver();
afterAll(() => receiver.restore());

async function channel(kind: string, tag: string): Promise<string> {
  const config =
    kind === "slack"
      ? { webhookUrl: `${RECEIVER}/slack/${tag}` }
      : kind === "pagerduty"
        ? { routingKey: "K", eventsUrl: `${RECEIVER}/pd/${tag}` }
        : { url: `${RECEIVER}/am/${tag}` };
  const res = await json("/api/notification-channels", { kind, name: `${kind}-${tag}`, config });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

interface Reached {
  userIds: string[];
  teamIds: string[];
  channels: { channelId: string; kind: string; status: string; error?: string }[];
}

describe("team mentions", () => {
  it("reach the team's Slack channel and every member's live feed, never PagerDuty or an alert webhook", async () => {
    const teamId = await teamWith("Payments Crew", { pia: "editor", quentin: "responder" });
    const [slack, pd, am] = [
      await channel("slack", "pay"),
      await channel("pagerduty", "pay"),
      await channel("alertmanager", "pay"),
    ];
    expect(
      (await json(`/api/teams/${teamId}/channels`, { channelIds: [slack, pd, am] }, { method: "PUT" })).status,
    ).toBe(200);
    const mon = (await (
      await json("/api/monitors", {
        name: "Card auth errors",
        team: "Payments Crew",
        query: "up",
        conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
      })
    ).json()) as { id: string };

    const quentin = await sessionFor("quentin");
    const ws = await asSession(quentin, "/api/live?topics=user:quentin", { headers: { upgrade: "websocket" } });
    expect(ws.status).toBe(101);
    ws.webSocket!.accept();
    const feed = new LiveClient(ws.webSocket!);
    await feed.until(1);

    const pia = await sessionFor("pia");
    const text = "@payments-crew the <!channel> card auth spike started with v3.41.0 & needs eyes";
    const posted = await asSession(pia, `/api/monitors/${mon.id}/comments`, { body: { body: text } });
    expect(posted.status).toBe(201);
    const { mentioned } = (await posted.json()) as { mentioned: Reached };
    // The author is not told about her own mention; the rest of the team is.
    expect(mentioned.userIds).toEqual(["quentin"]);
    expect(mentioned.teamIds).toEqual([teamId]);
    const byKind = Object.fromEntries(mentioned.channels.map((c) => [c.kind, c]));
    expect(byKind.slack).toMatchObject({ channelId: slack, status: "sent" });
    expect(byKind.pagerduty).toMatchObject({ channelId: pd, status: "skipped" });
    expect(byKind.alertmanager).toMatchObject({ channelId: am, status: "skipped" });

    expect(receiver.received.filter((r) => /\/(pd|am)\/pay$/.test(r.url))).toEqual([]);
    const got = receiver.received.filter((r) => r.url.endsWith("/slack/pay"));
    expect(got).toHaveLength(1);
    const msg = got[0]!.body as { text: string; blocks: { text?: { text: string }; elements?: { text: string }[] }[] };
    expect(msg.text).toBe(":speech_balloon: pia (@pia) mentioned @payments-crew on monitor Card auth errors");
    // User text is escaped for Slack: no channel-wide ping, no injected link.
    expect(msg.blocks[0]!.text!.text).toContain("&lt;!channel&gt;");
    expect(msg.blocks[0]!.text!.text).toContain("v3.41.0 &amp; needs eyes");
    expect(JSON.stringify(msg)).not.toContain("<!channel>");
    expect(msg.blocks[1]!.elements![0]!.text).toMatch(
      new RegExp(`^<https?://[^/]+/monitors/${mon.id}\\|Open in Vigil> · team Payments Crew$`),
    );

    await feed.until(2);
    expect(feed.events()[0]).toMatchObject({
      topic: "user:quentin",
      event: {
        kind: "mention.created",
        data: { by: { handle: "pia" }, on: { kind: "monitor.comment" }, teams: [{ handle: "payments-crew" }] },
      },
    });
    feed.close();
  });

  it("a channel that refuses the message is reported, and the comment is kept", async () => {
    const teamId = await teamWith("Refused Crew");
    const slack = await channel("slack", "refused");
    await json(`/api/teams/${teamId}/channels`, { channelIds: [slack] }, { method: "PUT" });
    const mon = (await (
      await json("/api/monitors", {
        name: "Refused",
        query: "up",
        conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
      })
    ).json()) as { id: string };
    receiver.script.push(404);
    const posted = await json(`/api/monitors/${mon.id}/comments`, { body: "@refused-crew look" });
    expect(posted.status).toBe(201);
    const { mentioned } = (await posted.json()) as { mentioned: Reached };
    expect(mentioned.channels).toEqual([
      expect.objectContaining({ channelId: slack, kind: "slack", status: "failed", error: expect.any(String) }),
    ]);
    const list = (await (await call(`/api/monitors/${mon.id}/comments`)).json()) as { comments: { body: string }[] };
    expect(list.comments.map((c) => c.body)).toEqual(["@refused-crew look"]);
  });

  it("a busy channel (503) is tried again in the background until it takes the message", async () => {
    const teamId = await teamWith("Busy Crew");
    const slack = await channel("slack", "busy");
    await json(`/api/teams/${teamId}/channels`, { channelIds: [slack] }, { method: "PUT" });
    const mon = (await (
      await json("/api/monitors", {
        name: "Busy",
        query: "up",
        conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
      })
    ).json()) as { id: string };
    receiver.script.push(503);
    const posted = await json(`/api/monitors/${mon.id}/comments`, { body: "@busy-crew ping" });
    const { mentioned } = (await posted.json()) as { mentioned: Reached };
    expect(mentioned.channels).toEqual([expect.objectContaining({ channelId: slack, status: "retrying" })]);
    const busy = () => receiver.received.filter((r) => r.url.endsWith("/slack/busy"));
    await expect.poll(() => busy().length, { timeout: 60_000, interval: 250 }).toBe(2);
    expect(busy()[1]!.body).toEqual(busy()[0]!.body);
  });
});
