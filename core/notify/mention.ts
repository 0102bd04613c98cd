// A team @-mention told to the team's Slack channel. Mentions go only to chat: a PagerDuty page is for alerts (a
// mention never wakes the on-call), and an Alertmanager webhook's consumers would read any message as an alert.
import { esc } from "./slack";
import type { MentionNotice, OutboundRequest } from "./types";

const EXCERPT = 280;

/** Collapse whitespace and cut at a word boundary, so a long comment stays a one-glance message. */
export function excerptOf(text: string, max = EXCERPT): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Slack incoming webhook message. All user text is escaped, so `<!channel>` or a crafted link stay inert text. */
export function slackMention(n: MentionNotice, cfg: { webhookUrl: string }): OutboundRequest {
  const who = `${n.by.name} (@${n.by.handle})`;
  const text = `:speech_balloon: ${who} mentioned @${n.team.handle} on ${n.on.title}`;
  const quote = `> ${esc(excerptOf(n.on.excerpt))}`;
  return {
    url: cfg.webhookUrl,
    body: {
      text: esc(text),
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `${esc(text)}\n${quote}` } },
        {
          type: "context",
          elements: [{ type: "mrkdwn", text: `<${n.url}|Open in Vigil> · team ${esc(n.team.name)}` }],
        },
      ],
    },
  };
}
