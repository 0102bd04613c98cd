// Runs every compat query as instant and range queries against a subject and a reference Prometheus,
// and tallies matches. Shared by the memory-engine and the Vigil-over-HTTP suites.
import { diffData } from "./compare";
import type { ApiResult } from "./prom-client";
import { compatQueries, errorQueries } from "./queries";

export interface QueryApi {
  instant(q: string, t: number): Promise<ApiResult>;
  range(q: string, start: number, end: number, step: number): Promise<ApiResult>;
}

export interface SuiteReport {
  total: number;
  passed: number;
  failures: string[];
  expressions: number;
  /** Comparisons where Prometheus returned data (not an empty vector/matrix or an error). */
  nonEmpty: number;
  /** Expressions not compared because Prometheus changed their answer after 2.42 (and Vigil follows). */
  changedSince242: string[];
}

function compare(label: string, got: ApiResult, want: ApiResult, ordered: boolean): string | null {
  if (want.status === "error") {
    if (got.status !== "error") return `${label}: expected error "${want.error}", got success`;
    return null;
  }
  if (got.status === "error") return `${label}: unexpected error ${got.errorType}: ${got.error}`;
  const d = diffData(got.data, want.data, ordered);
  return d ? `${label}: ${d}` : null;
}

function withoutNames(r: ApiResult): ApiResult {
  if (r.status !== "success" || !Array.isArray(r.data.result)) return r;
  const result = (r.data.result as { metric: Record<string, string> }[]).map(({ metric, ...rest }) => {
    const { __name__: _n, ...labels } = metric;
    return { metric: labels, ...rest };
  });
  return { ...r, data: { ...r.data, result } };
}

export async function runSuite(
  subject: QueryApi,
  reference: QueryApi,
  dataStart: number,
  dataEnd: number,
): Promise<SuiteReport> {
  const instants = [dataEnd, dataEnd - 37 * 60_000 - 13_000, dataStart + 15 * 60_000];
  const ranges: [number, number, number][] = [
    [dataStart + 20 * 60_000, dataEnd, 60_000],
    [dataEnd - 30 * 60_000, dataEnd, 37_000],
  ];
  const report: SuiteReport = {
    total: 0,
    passed: 0,
    failures: [],
    expressions: compatQueries.length + errorQueries.length,
    nonEmpty: 0,
    changedSince242: [],
  };
  const check = (label: string, got: ApiResult, want: ApiResult, ordered = false) => {
    report.total++;
    if (want.status === "success" && !(Array.isArray(want.data.result) && want.data.result.length === 0))
      report.nonEmpty++;
    const f = compare(label, got, want, ordered);
    if (f) report.failures.push(f);
    else report.passed++;
  };
  for (const { q, order, instantOnly, nameDroppedSince242, extrapolationSince242 } of compatQueries) {
    if (extrapolationSince242) {
      report.changedSince242.push(`${q} (rate extrapolation of Prometheus 2.5x)`);
      continue;
    }
    const ref = (r: ApiResult) => (nameDroppedSince242 ? withoutNames(r) : r);
    for (const t of instants) {
      const [got, want] = await Promise.all([subject.instant(q, t), reference.instant(q, t)]);
      check(`instant ${q} @${t}`, got, ref(want), order);
    }
    if (instantOnly) continue;
    for (const [s, e, step] of ranges) {
      const [got, want] = await Promise.all([subject.range(q, s, e, step), reference.range(q, s, e, step)]);
      check(`range ${q} [${s},${e},${step}]`, got, ref(want));
    }
  }
  for (const q of errorQueries) {
    const [got, want] = await Promise.all([subject.instant(q, dataEnd), reference.instant(q, dataEnd)]);
    if (want.status !== "error") report.failures.push(`error query ${q}: Prometheus accepted it`);
    check(`error ${q}`, got, want);
  }
  return report;
}

export function printReport(name: string, r: SuiteReport): void {
  console.log(
    `[promql-compat] ${name}: ${r.passed}/${r.total} comparisons passed over ${r.expressions} expressions (${r.nonEmpty} with non-empty results)`,
  );
  for (const c of r.changedSince242) console.log(`  not compared, changed since 2.42: ${c}`);
  for (const f of r.failures.slice(0, 60)) console.log(`  FAIL ${f}`);
}
