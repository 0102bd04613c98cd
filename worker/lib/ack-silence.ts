import type { AlertAck, AlertView } from "../../platform/db/alerts";

// Alertmanager has no acknowledgement. Vigil's /api/v2/alerts reports an acknowledged alert as `suppressed`,
// silenced by a synthetic silence `ack-<alert id>` that GET /api/v2/silence/:id answers: matchers equal to the
// alert's labels, createdBy the person, comment "Acknowledged: …", from the acknowledgement until the alert
// resolves (endsAt is open while it fires). It is not in the silence list and cannot be expired through the
// silence API: withdraw it with DELETE /api/alerts/:id/acknowledge.

const PREFIX = "ack-";
/** While an acknowledgement lasts its end is unknown (it ends with the alert); Alertmanager needs a time. */
const OPEN_END = "9999-12-31T23:59:59Z";

export const ackSilenceId = (alertId: string) => `${PREFIX}${alertId}`;
export const alertIdOfAckSilence = (id: string) => (id.startsWith(PREFIX) ? id.slice(PREFIX.length) : null);

export function ackSilence(a: AlertView, ack: AlertAck) {
  return {
    id: ackSilenceId(a.id),
    status: { state: "active" },
    updatedAt: new Date(ack.at).toISOString(),
    matchers: Object.entries(a.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
    startsAt: new Date(ack.at).toISOString(),
    endsAt: OPEN_END,
    createdBy: ack.by.handle,
    comment: `Acknowledged${ack.comment ? `: ${ack.comment}` : ""}`,
  };
}
