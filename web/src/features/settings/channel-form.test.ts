import { describe, expect, it } from "vitest";
import { channelBody, channelTarget, checkChannel, emptyChannelFields, monitorsUsing } from "./channel-form";

const fields = (over: Partial<ReturnType<typeof emptyChannelFields>>) => ({ ...emptyChannelFields(), ...over });

describe("channel form", () => {
  it("sends only the chosen kind's fields, leaving out an empty optional events URL", () => {
    const f = fields({ name: "Billing", routingKey: " KEY ", webhookUrl: "https://typed.before/switch" });
    expect(channelBody(f)).toEqual({
      kind: "pagerduty",
      name: "Billing",
      notifyPer: "alert",
      config: { routingKey: "KEY" },
    });
    expect(channelBody({ ...f, kind: "push", users: "ana, ,bo", teams: "payments" }).config).toEqual({
      users: ["ana", "bo"],
      teams: ["payments"],
    });
  });

  it("accepts what the API accepts", () => {
    const r = checkChannel(
      fields({
        name: " Billing on-call ",
        notifyPer: "incident",
        routingKey: "BILLINGE2E",
        eventsUrl: "http://127.0.0.1:19093/v2/enqueue",
      }),
    );
    expect(r).toEqual({
      ok: true,
      input: {
        kind: "pagerduty",
        name: "Billing on-call",
        notifyPer: "incident",
        config: { routingKey: "BILLINGE2E", eventsUrl: "http://127.0.0.1:19093/v2/enqueue" },
      },
    });
  });

  it("puts the schema's messages under the inputs they concern", () => {
    const bad = checkChannel(fields({ kind: "alertmanager", name: "", url: "receiver.local/alerts" }));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.errors).sort()).toEqual(["name", "url"]);
    expect(bad.errors.url).toMatch(/http\(s\) URL/);
    expect(bad.errors.name).toBe("a channel needs a name");
    const push = checkChannel(fields({ kind: "push", name: "Phones" }));
    expect(!push.ok && push.errors.users).toMatch(/at least one user or team/);
    const ftp = checkChannel(fields({ kind: "slack", name: "s", webhookUrl: "ftp://hooks.example.com/x" }));
    expect(!ftp.ok && ftp.errors.webhookUrl).toMatch(/http\(s\) URL/);
  });

  it("lists secrets by their last 4 characters only, whatever the server sent", () => {
    expect(channelTarget({ kind: "pagerduty", config: { routingKey: "…GE2E" } })).toBe("routing key …GE2E");
    expect(
      channelTarget({ kind: "slack", config: { webhookUrl: "https://hooks.slack.com/services/T/B/secret" } }),
    ).toBe("webhook …cret");
    expect(channelTarget({ kind: "alertmanager", config: { url: "https://r.example/hook?token=abcd1234" } })).toBe(
      "webhook …1234",
    );
    expect(channelTarget({ kind: "push", config: { users: ["ana"], teams: ["payments"] } })).toBe("to ana, payments");
    expect(channelTarget({ kind: "future" })).toBe("");
  });

  it("names the monitors that notify a channel", () => {
    const ms = [
      { name: "A", channels: ["ch_1", "ch_2"] },
      { name: "B", channels: [] },
      { name: "C", channels: ["ch_1"] },
    ];
    expect(monitorsUsing("ch_1", ms)).toEqual(["A", "C"]);
    expect(monitorsUsing("ch_9", ms)).toEqual([]);
  });
});
