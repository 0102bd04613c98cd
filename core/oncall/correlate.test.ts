import { describe, expect, it } from "vitest";
import {
  CHANGE_WINDOW_MS,
  changeFollowed,
  changeIncident,
  changeMatches,
  followedChanges,
  type Member,
  NEIGHBOUR_WINDOW_MS,
  neighbourIncident,
  neighbourMap,
  rootFirst,
} from "./correlate";
import { serviceOf } from "./alert-labels";

const MIN = 60_000;
// The story's graph: frontend -> checkout -> payment-gateway (-> provider), checkout -> order.
const edges = [
  { caller: "frontend", callee: "checkout" },
  { caller: "checkout", callee: "payment-gateway" },
  { caller: "checkout", callee: "order" },
  { caller: "payment-gateway", callee: "payment-provider.internal" },
];
const member = (incidentId: string, service: string | null, breachAt: number, alertId = `a_${service}`): Member => ({
  incidentId,
  alertId,
  labels: (service ? { service } : { team: "x" }) as Record<string, string>,
  breachAt,
});

describe("service-graph correlation", () => {
  it("names the service from service, service_name or service.name", () => {
    expect(serviceOf({ service: "a", service_name: "b" })).toBe("a");
    expect(serviceOf({ "service.name": "c" })).toBe("c");
    expect(serviceOf({ service: "", job: "x" })).toBeNull();
  });

  it("joins an incident holding the same service or a direct neighbour, either direction, within the window", () => {
    const n = neighbourMap(edges);
    const members = [member("inc_1", "checkout", 0)];
    expect(neighbourIncident({ service: "payment-gateway" }, 5 * MIN, members, n)).toEqual({
      incidentId: "inc_1",
      neighbour: "checkout",
      alertId: "a_checkout",
    });
    expect(neighbourIncident({ service: "frontend" }, 5 * MIN, members, n)?.neighbour).toBe("checkout");
    expect(neighbourIncident({ service: "checkout" }, 5 * MIN, members, n)?.neighbour).toBe("checkout");
    // Two hops is not a neighbour; an unrelated service never is.
    expect(neighbourIncident({ service: "payment-provider.internal" }, MIN, members, n)).toBeNull();
    expect(neighbourIncident({ service: "billing" }, MIN, members, n)).toBeNull();
    // The window counts from the incident's latest breach, whichever alert it was.
    expect(neighbourIncident({ service: "order" }, NEIGHBOUR_WINDOW_MS + 1, members, n)).toBeNull();
    const later = [...members, member("inc_1", null, 8 * MIN, "a_other")];
    expect(neighbourIncident({ service: "order" }, NEIGHBOUR_WINDOW_MS + 1, later, n)?.incidentId).toBe("inc_1");
  });

  it("keeps apart neighbours in different places", () => {
    const n = neighbourMap(edges);
    const members: Member[] = [
      { incidentId: "inc_1", alertId: "a", labels: { service: "checkout", region: "us-east-1" }, breachAt: 0 },
    ];
    expect(neighbourIncident({ service: "order", region: "us-west-2" }, MIN, members, n)).toBeNull();
    expect(neighbourIncident({ service: "order", region: "us-east-1" }, MIN, members, n)?.incidentId).toBe("inc_1");
    // A place only one side names does not separate them.
    expect(neighbourIncident({ service: "order", environment: "prod" }, MIN, members, n)?.incidentId).toBe("inc_1");
  });

  it("prefers the incident whose latest breach is nearest, then the smaller id", () => {
    const n = neighbourMap(edges);
    const members = [member("inc_b", "checkout", 0), member("inc_a", "order", 4 * MIN)];
    expect(neighbourIncident({ service: "checkout" }, 5 * MIN, members, n)?.incidentId).toBe("inc_a");
    const tie = [member("inc_b", "checkout", 0), member("inc_a", "order", 0)];
    expect(neighbourIncident({ service: "checkout" }, MIN, tie, n)?.incidentId).toBe("inc_a");
  });
});

describe("change-event correlation", () => {
  const deploy = { id: "chg_1", title: "Deploy", happenedAt: 0, labels: { environment: "prod", region: "us-east-1" } };

  it("matches a change that names a shared label with the same value and contradicts none", () => {
    expect(changeMatches({ region: "us-east-1", version: "v2" }, { region: "us-east-1", team: "x" })).toBe(true);
    expect(changeMatches({ region: "us-east-1", service: "a" }, { region: "us-east-1", service: "b" })).toBe(false);
    // Nothing in common says nothing: a change without the alert's labels does not claim it.
    expect(changeMatches({ version: "v2" }, { region: "us-east-1" })).toBe(false);
    expect(changeMatches({ service: "a" }, { region: "us-east-1" })).toBe(false);
    // A service's deploy does not claim an alert that names no service, even in the same environment.
    expect(changeMatches({ service: "a", environment: "prod" }, { environment: "prod", team: "x" })).toBe(false);
    expect(changeMatches({ service: "a", environment: "prod" }, { environment: "prod", service: "a" })).toBe(true);
  });

  it("attributes an alert to the most recent matching change before its breach, within the window", () => {
    const rollback = { ...deploy, id: "chg_0", happenedAt: 20 * MIN };
    const labels = { environment: "prod", region: "us-east-1" };
    expect(changeFollowed(labels, 10 * MIN, [deploy, rollback])?.id).toBe("chg_1");
    expect(changeFollowed(labels, 25 * MIN, [deploy, rollback])?.id).toBe("chg_0");
    expect(changeFollowed(labels, 0, [deploy])?.id).toBe("chg_1");
    expect(changeFollowed(labels, -1, [deploy])).toBeNull();
    expect(changeFollowed(labels, CHANGE_WINDOW_MS + 1, [deploy])).toBeNull();
    expect(changeFollowed({ region: "us-west-2" }, MIN, [deploy])).toBeNull();
    // Same instant: the larger id, whatever the order read.
    const twin = { ...deploy, id: "chg_2" };
    expect(changeFollowed(labels, MIN, [twin, deploy])?.id).toBe("chg_2");
    expect(changeFollowed(labels, MIN, [deploy, twin])?.id).toBe("chg_2");
  });

  it("joins the incident holding an alert that follows the same change, not one following another", () => {
    const other = { ...deploy, id: "chg_9", labels: { region: "eu-west-1" } };
    const members: Member[] = [
      { incidentId: "inc_eu", alertId: "a_eu", labels: { region: "eu-west-1" }, breachAt: 2 * MIN },
      { incidentId: "inc_us", alertId: "a_us", labels: { region: "us-east-1", service: "x" }, breachAt: 3 * MIN },
    ];
    const changes = [deploy, other];
    expect(followedChanges(members, changes)).toEqual(
      new Map([
        ["a_eu", "chg_9"],
        ["a_us", "chg_1"],
      ]),
    );
    const got = changeIncident(
      { region: "us-east-1", service: "y" },
      5 * MIN,
      members,
      changes,
      followedChanges(members, changes),
    );
    expect(got).toMatchObject({ incidentId: "inc_us", alertId: "a_us", change: { id: "chg_1" } });
    // A member that breached before the change does not follow it.
    const before: Member[] = [{ ...members[1], breachAt: -MIN }];
    expect(
      changeIncident({ region: "us-east-1" }, 5 * MIN, before, [deploy], followedChanges(before, [deploy])),
    ).toBeNull();
  });
});

describe("likely root", () => {
  const alert = (id: string, service: string | null, firingAt: number) => ({
    id,
    firingAt,
    startedAt: firingAt,
    labels: (service ? { service } : {}) as Record<string, string>,
  });

  it("puts the upstream-most service first, even when its callee breached earlier", () => {
    const pay = alert("pay", "payment-gateway", 10);
    const co = alert("co", "checkout", 20);
    const order = alert("order", "order", 5);
    expect(rootFirst([pay, co, order], edges).map((a) => a.id)).toEqual(["co", "order", "pay"]);
    // Through a service with no alert of its own: frontend calls payment-gateway through checkout.
    const fe = alert("fe", "frontend", 30);
    expect(rootFirst([pay, fe], edges).map((a) => a.id)).toEqual(["fe", "pay"]);
  });

  it("falls back to the earliest breach without a graph relation, a service or a graph", () => {
    const a = alert("late", "billing", 20);
    const b = alert("early", null, 15);
    expect(rootFirst([a, b], edges).map((x) => x.id)).toEqual(["early", "late"]);
    const pay = alert("pay", "payment-gateway", 10);
    const co = alert("co", "checkout", 20);
    expect(rootFirst([co, pay]).map((x) => x.id)).toEqual(["pay", "co"]);
    // A cycle orders nothing.
    const loop = [...edges, { caller: "payment-gateway", callee: "checkout" }];
    expect(rootFirst([co, pay], loop).map((x) => x.id)).toEqual(["pay", "co"]);
  });
});
