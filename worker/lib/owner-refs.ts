import type { Context } from "hono";
import { ApiError } from "../../core/contracts/errors";
import { handleFrom } from "../../core/people/handles";
import { recordAudit } from "../../platform/db/audit";
import { findCollection, insertCollection } from "../../platform/db/collections";
import { findTeam, insertTeam } from "../../platform/db/teams";
import { handleTaken } from "../../platform/db/users";
import { newId } from "../../platform/lib/crypto";
import { peopleConfig } from "../../platform/people/config";
import type { AppEnv } from "../app-env";

export interface OwnerRefs {
  teamId: string | null;
  team: string;
  collectionId: string | null;
  collection: string;
}

/**
 * Turn the team and collection an object names (id, slug or name) into real objects. An unknown name is a 400,
 * except for admins (provisioning as code, the demo), for whom it is created, as they could create it anyway.
 */
export async function resolveOwnerRefs(
  c: Context<AppEnv>,
  refs: { team?: string | null; collection?: string | null },
): Promise<OwnerRefs> {
  const p = c.get("principal");
  const admin = p.scopes.includes("admin");
  const now = Date.now();
  const out: OwnerRefs = { teamId: null, team: "", collectionId: null, collection: "" };
  const teamRef = refs.team?.trim();
  if (teamRef) {
    let t = await findTeam(c.env.DB, teamRef);
    if (!t && admin) {
      let slug = handleFrom(teamRef);
      if (await handleTaken(c.env.DB, slug)) slug = `${slug}-team`;
      t = await insertTeam(
        c.env.DB,
        { id: newId("tm"), slug, name: teamRef, description: "", createdBy: p.userId },
        now,
      );
      await audit(c, "team", t.id, `team "${t.name}" created (named by a monitor)`, now);
    }
    if (!t)
      throw new ApiError(
        "VALIDATION",
        `team: no team '${teamRef}' (an admin creates teams under Teams or POST /api/teams)`,
      );
    out.teamId = t.id;
    out.team = t.name;
  }
  const colRef = refs.collection?.trim();
  if (colRef) {
    let col = await findCollection(c.env.DB, colRef);
    if (!col && admin)
      col = await insertCollection(
        c.env.DB,
        {
          id: newId("col"),
          slug: handleFrom(colRef),
          name: colRef,
          description: "",
          teamId: out.teamId,
          createdBy: p.userId,
        },
        now,
      );
    if (!col)
      throw new ApiError("VALIDATION", `collection: no collection '${colRef}' (create it with POST /api/collections)`);
    out.collectionId = col.id;
    out.collection = col.name;
  }
  return out;
}

async function audit(c: Context<AppEnv>, kind: "team", id: string, summary: string, now: number) {
  const p = c.get("principal");
  await recordAudit(
    c.env.DB,
    [
      {
        actorId: p.userId,
        actorKind: p.kind ?? "token",
        action: "created",
        objectKind: kind,
        objectId: id,
        summary,
        requestId: c.get("requestId"),
      },
    ],
    now,
    peopleConfig(c.env).auditRetentionDays,
  );
}
