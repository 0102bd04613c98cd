import commerceCheckout from "../../provisioning/dashboards/commerce-checkout.json";
import { dashboardModelSchema } from "../../core/contracts/dashboards";
import type { Env } from "../env";
import { insertDashboard } from "../db/dashboards";

/** Dashboards shipped with Vigil. Fixed ids keep their URLs stable across installs. */
const PROVISIONED = [{ id: "dash_commerce_checkout", slug: "commerce-checkout", model: commerceCheckout }];

/** Idempotent: a slug already present is left alone (user edits to a provisioned dashboard survive).
 * Checked against the database on every call (one indexed read) rather than remembered in the isolate,
 * which could outlive the database it checked. */
export async function provisionDashboards(env: Env): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const p of PROVISIONED) {
    if (await env.DB.prepare("SELECT 1 FROM dashboards WHERE slug = ?").bind(p.slug).first()) continue;
    const model = dashboardModelSchema.parse(p.model);
    if (
      await insertDashboard(env.DB, {
        id: p.id,
        slug: p.slug,
        model,
        provisioned: true,
        by: "provisioning",
        now: Date.now(),
      })
    )
      created.push(p.id);
  }
  return { created };
}

export function isProvisionedId(id: string): boolean {
  return PROVISIONED.some((p) => p.id === id);
}
