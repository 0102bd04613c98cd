// The PromQL expressions the compatibility suite runs on Vigil and on a real Prometheus 2.42 (instant and
// range). Each runs as written; `order` marks results whose order matters (sort functions, instant only).
export interface CompatQuery {
  q: string;
  order?: boolean;
  /** Only as an instant query (e.g. the result is a range vector or a string). */
  instantOnly?: boolean;
}

const H = "http_requests_total";
const M = "memory_usage_bytes";
const T = "temperature_celsius";
const B = "request_duration_seconds_bucket";

const selectors = [
  H, `${H}{job="api"}`, `${H}{job!="api"}`, `${H}{job=~"api|web"}`, `${H}{job!~"w.*"}`, `${H}{status=~"5.."}`,
  `${H}{method="GET",status!="200"}`, `{__name__="up"}`, `{__name__=~"memory_.*"}`, `${H}{job=~"API", method="GET"}`,
  `${H}{instance=~"api-[0-2]:.*"}`, `${H}{job=~"(?i)API"}`, `${H}{job=""}`, `up{nolabel=""}`, `${M}`, `${M} offset 5m`,
  `${M} offset 30m`, `${T} offset -5m`, `${M} @ end()`, `${M} @ start()`, "version_info", "sparse_events_total",
  `${T}{floor="1"}`, `${T}{room=~"room-[1-3]"}`, `up == 0`, `${H}{job="api"} offset 1h`, `${M}{instance=~".*-[23]:9090"}`,
];

const rangeFns = ["rate", "irate", "increase", "delta", "idelta", "deriv", "resets", "changes"];
const overTime = ["avg_over_time", "sum_over_time", "count_over_time", "min_over_time", "max_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time"];

const functionQueries = [
  ...rangeFns.flatMap((f) => [`${f}(${H}[5m])`, `${f}(${M}[10m])`]),
  ...rangeFns.map((f) => `${f}(sparse_events_total[7m])`),
  `rate(${H}[1m])`, `rate(${H}[5m] offset 10m)`, `rate(${H}{job="api"}[5m] @ end())`, `increase(${H}[1h])`, `rate(${H}[30s])`,
  `rate(node_cpu_seconds_total[5m])`, `irate(node_cpu_seconds_total[1m])`, `delta(${T}[15m])`, `deriv(${T}[30m])`,
  `predict_linear(${T}[30m], 3600)`, `predict_linear(${M}[10m], 600)`, `predict_linear(${T}[1h], -1800)`,
  ...overTime.flatMap((f) => [`${f}(${T}[10m])`, `${f}(${M}[5m])`]),
  ...overTime.map((f) => `${f}(version_info[30m])`),
  `quantile_over_time(0.9, ${T}[30m])`, `quantile_over_time(0, ${M}[10m])`, `quantile_over_time(1, ${T}[10m])`,
  `quantile_over_time(0.5, ${M}[1h])`, `quantile_over_time(-1, ${T}[5m])`, `quantile_over_time(2, ${T}[5m])`,
  `abs(${T})`, `ceil(${T})`, `floor(${T})`, `round(${T})`, `round(${T}, 0.5)`, `round(${T}, 5)`, `exp(${T} / 10)`, `ln(${M})`,
  `log2(${M})`, `log10(${M})`, `sqrt(${M})`, `sgn(${T})`, `sqrt(${T})`, `ln(${T})`,
  `clamp(${T}, 0, 20)`, `clamp_min(${T}, 5)`, `clamp_max(${T}, 5)`, `clamp(${T}, 20, 0)`,
  `time()`, `timestamp(${M})`, `timestamp(sparse_events_total)`, `timestamp(${T} offset 2m)`, `timestamp(sum(${T}))`,
  `vector(1)`, `vector(time())`, `scalar(sum(up))`, `scalar(up)`, `${T} * scalar(count(up))`,
  `day_of_month()`, `day_of_week()`, `day_of_year()`, `days_in_month()`, `hour()`, `minute()`, `month()`, `year()`,
  `hour(timestamp(${M}))`, `minute(vector(1700000000))`, `day_of_week(vector(1700000000))`, `days_in_month(vector(1709251200))`,
  `year(vector(0))`, `month(vector(1e9))`, `day_of_year(vector(1735603200))`,
  `absent(nonexistent)`, `absent(nonexistent{job="x", instance=~"y"})`, `absent(up)`, `absent(up{job="nope"})`,
  `absent_over_time(nonexistent{job="a"}[5m])`, `absent_over_time(version_info{version="1.2.3"}[5m])`, `absent_over_time(${M}[1m])`,
  `label_replace(up, "host", "$1", "instance", "(.*):.*")`, `label_replace(up, "job", "", "job", "api")`,
  `label_replace(up, "foo", "x-$1-$2", "instance", "([a-z]+)-([0-9])")`, `label_replace(up, "foo", "$1x", "job", "(.*)")`,
  `label_replace(up, "foo", "\${1}x", "job", "(.*)")`, `label_replace(up, "foo", "bar", "nolabel", "")`,
  `label_replace(${T}, "__name__", "renamed", "room", ".*")`, `label_join(up, "joined", "/", "job", "instance")`,
  `label_join(up, "joined", "", "nolabel")`, `label_join(${T}, "room", "-", "floor", "room")`,
  `histogram_quantile(0.9, rate(${B}[5m]))`, `histogram_quantile(0.5, sum by (le) (rate(${B}[5m])))`,
  `histogram_quantile(0.99, sum by (job, le) (rate(${B}[10m])))`, `histogram_quantile(0, ${B})`, `histogram_quantile(1, ${B})`,
  `histogram_quantile(1.5, ${B})`, `histogram_quantile(-0.5, ${B})`, `histogram_quantile(0.5, ${B}{le!="+Inf"})`,
  `histogram_quantile(0.75, sum without (instance) (increase(${B}[1h])))`,
];

const aggregations = [
  ...["sum", "avg", "min", "max", "count", "group", "stddev", "stdvar"].flatMap((op) => [
    `${op}(${H})`, `${op} by (job) (${H})`, `${op} without (instance, method) (${H})`, `${op}(rate(${H}[5m])) by (status)`,
  ]),
  `sum by (job, status) (rate(${H}[5m]))`, `avg by (room) (${T})`, `sum by (nolabel) (up)`, `count by (__name__) ({__name__=~"up|version_info"})`,
  `topk(3, ${T})`, `bottomk(3, ${T})`, `topk(2, ${M}) by (job)`, `bottomk(1, rate(${H}[5m])) by (job)`, `topk(0, ${T})`,
  `topk(100, ${T})`, `topk(scalar(count(up)) - 6, ${T})`, `quantile(0.5, ${T})`, `quantile(0.9, ${M}) by (job)`,
  `quantile(0, ${T})`, `quantile(1.5, ${T})`, `count_values("value", up)`, `count_values("v", floor(${T} / 10))`,
  `count_values by (job) ("status_code", up)`, `count_values without (instance) ("x", up)`, `sum(count_values("v", round(${T})))`,
  `max by (room) (max_over_time(${T}[10m]))`, `avg(avg_over_time(${M}[30m]))`, `stddev(rate(node_cpu_seconds_total[5m]))`,
];

const binaries = [
  `${H} + 1`, `1 - ${H}`, `${H} * 2`, `${H} / 0`, `-${H}`, `+${H}`, `${T} % 3`, `${T} ^ 2`, `2 ^ ${T} / 1000`, `${T} % -2.5`,
  `${M} / 1024 / 1024`, `${T} > 10`, `${T} < 0`, `${T} >= 5`, `${T} <= 5`, `${T} == ${T}`, `${T} != 5`, `10 < ${T}`,
  `${T} > bool 10`, `10 >= bool ${T}`, `up == bool 1`, `up != 1`, `1 + 2 * 3`, `2 ^ 3 ^ 2`, `-2 ^ 2`, `(1 + 2) * 3`, `10 % 3`,
  `1 > bool 0`, `1 == bool 2`, `0x1F + 010`, `Inf`, `-Inf`, `NaN`, `1e3 * 2.5e-1`, `.5 + 0.5`, `8 / 0`, `-8 % 0`, `0 / 0`,
  `"hello"`, `'single'`, "`raw\\n`",
  `rate(${H}[5m]) / on(job, instance, method, status) rate(${H}[10m])`,
  `sum by (job) (rate(${H}[5m])) / on(job) group_left sum by (job, status) (rate(${H}[5m]))`,
  `sum by (job, status) (rate(${H}[5m])) / ignoring(status) group_left sum by (job) (rate(${H}[5m]))`,
  `sum by (job) (rate(${H}[5m])) * on(job) group_right sum by (job, method) (rate(${H}[5m]))`,
  `${M} * on(instance) group_left(nolabel) up`,
  `${M} > on(job, instance) (${M} offset 10m)`, `${M} - ignoring(job) ${M}`, `${M} == bool on(instance, job) ${M}`,
  `up and ${M}`, `up or ${M}`, `up unless ${M}`, `${M} and on(job) up == 1`, `${M} unless on(instance) up{job="web"}`,
  `up{job="api"} or up{job="web"}`, `${T} and ${T} > 10`, `${T} > 10 or ${T} < 0`, `${T} unless ${T} > 10`,
  `up{job="api"} unless on() vector(1)`, `vector(1) or up`, `up + on(job, instance) group_left ${M}`,
  `${H} + ${H}`, `${H}{job="api"} - ignoring(job) ${H}{job="web"}`, `${H} > ${H} offset 5m`,
  `sum(${H}) by (job) > bool 1000000`, `${T} atan2 ${T}`,
  `up * on(job, instance) ${M}`, `count(up) * 2 + sum(up)`, `(${T} > 0) * 2`, `${T} / ignoring(floor) group_left ${T}`,
];

const subqueries = [
  `max_over_time(${T}[30m:1m])`, `max_over_time(${T}[30m:])`, `rate(${H}[10m:1m])`, `avg_over_time(rate(${H}[5m])[30m:2m])`,
  `min_over_time(sum by (job) (rate(${H}[5m]))[1h:5m])`, `sum_over_time(up[10m:30s])`, `max_over_time(${T}[30m:1m] offset 10m)`,
  `max_over_time(${T}[30m:1m] @ end())`, `count_over_time(version_info[1h:1m])`, `deriv(${T}[30m:1m])`,
  `max_over_time(max_over_time(${T}[5m])[20m:5m])`, `quantile_over_time(0.5, ${M}[30m:90s])`, `last_over_time(${T}[10m:1m])`,
  `changes(up[1h:1m])`, `increase(${H}{job="api"}[15m:30s])`, `absent_over_time(nonexistent[5m:1m])`,
];

const misc = [
  `sort(${T})`, `sort_desc(${T})`, `sort(sum by (job) (rate(${H}[5m])))`, `sort_desc(${M})`,
  `${T} @ 1700000000`, `sum(${H} offset 1h)`, `${H}{job="api"}[5m]`, `${M}[2m]`, `version_info[1h]`, `${T}[1m] offset 3m`,
  `${T}[5m] @ end()`, `sparse_events_total[10m]`, `${H}[5m:1m]`, `rate(${H}[5m])[10m:2m]`,
  `(((${T})))`, `sum((${T}))`, `sum by (job) (${H}) # comment`, `${T} + on() group_left vector(1)`,
  `count(${B})`, `sum by (le) (${B})`, `request_duration_seconds_sum / request_duration_seconds_count`,
  `rate(request_duration_seconds_sum[5m]) / rate(request_duration_seconds_count[5m])`,
  `sum(rate(${H}{status=~"5.."}[5m])) / sum(rate(${H}[5m]))`, `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))`,
  `up{job="api"} == 1 unless up{instance="api-3:9090"}`, `count by (version) (version_info)`,
];

const edges = [
  `timestamp(up)`, `time() - timestamp(sparse_events_total)`, `sum without () (up)`, `count by () (up)`, `topk by () (2, up)`,
  `max_over_time(up[5m] @ start())`, `rate(${H}[5m] @ start())`, `up offset 1h @ end()`, `sum_over_time(sparse_events_total[1h])`,
  `idelta(sparse_events_total[10m])`, `last_over_time(${M}[1m])`, `absent(${M}{instance="api-3:9090"})`, `group by (job) (up)`,
  `stdvar by (job) (${M})`, `quantile by (job) (0.25, ${M})`, `bottomk(2, sort(${T}))`, `vector(1) * on() group_left sum(up)`,
  `sum by (job) (${H}) and on(job) sum by (job) (up) > 5`, `round(vector(-2.5))`, `round(vector(2.5))`, `round(vector(0.125), 0.25)`,
  `clamp(vector(NaN), 0, 1)`, `sgn(vector(-3))`, `ln(vector(-1))`, `sqrt(vector(-1))`, `exp(vector(1000))`, `vector(1) / vector(0)`,
  `vector(-1) % vector(0)`, `-vector(0)`, `2 ^ NaN`, `1 ^ NaN`, `NaN ^ 0`, `(-1) ^ Inf`, `0 ^ -1`, `-0 * 1`,
  `histogram_quantile(0.5, label_replace(${B}, "le", "x", "le", "[+]Inf"))`, `label_replace(up, "instance", "$2", "instance", "(.*)-(.*)")`,
  `sort_desc(topk(3, ${T}))`, `changes(version_info[2h])`, `present_over_time(version_info{version="1.2.3"}[10m])`, `deriv(${H}[5m])`,
  `predict_linear(${H}[10m:1m], 60)`, `rate(${H}[5m:30s] offset 5m)`, `scalar(${T}{room="room-1"}) * ${T}`,
  `count_values("le", ${B}{instance="api-0:9090"})`, `${T} > bool on(room, floor) group_left avg_over_time(${T}[10m])`,
  `max by (job) (${M}) - on(job) group_right min by (job, instance) (${M})`, `irate(${M}[2m])`, `resets(up[1h])`,
  `avg_over_time(sparse_events_total[3m])`, `up unless on(job, instance) (${M} offset 2h)`, `sum(up) / count(up) * 100`,
];

/** Expressions Prometheus rejects: both sides must reject them (errors compared by type). */
export const errorQueries = [
  `rate(${T})`, `sum(${T}[5m])`, `${T} + "a"`, `1 > 2`, `${T} and 1`, `{job=~".*"}`, `{__name__=~".*"}`, `foo{__name__="bar"}`,
  `rate(${T}[5m]`, `sum by (job) (`, `${T}[5m] offset`, `label_replace(up, "foo", "$1", "job", "(")`,
  `${H} * on(job) ${M}`, `sum(rate(${T}[5m])) by (`, `topk("a", up)`, `count_values(1, up)`,
  `up + on(job) group_left(job) up`, `atan2(${T}, 10)`, `up * on(job, instance) group_left(job) ${M}`, `abs(1, 2)`, `nosuchfn(up)`, `"a" + 1`, `-"a"`, `up[5m][5m]`, `(up)[5m]`,
  `up offset 5m offset 5m`, `time() @ 100`, `1 and bool 2`, `up == bool`,
  `{__name__=~"up|${M}"} / 2`, `rate({__name__=~"up|${M}"}[5m])`, `-{__name__=~"up|${M}"}`,
];

export const compatQueries: CompatQuery[] = [
  ...selectors.map((q) => ({ q })),
  ...functionQueries.map((q) => ({ q })),
  ...aggregations.map((q) => ({ q })),
  ...binaries.map((q) => ({ q, instantOnly: /^["'`]/.test(q) })),
  ...subqueries.map((q) => ({ q })),
  ...edges.map((q) => ({ q })),
  ...misc.map((q) => ({ q, order: q.startsWith("sort"), instantOnly: /\]( offset \S+| @ end\(\))?$/.test(q) || /:\d*m?\]$/.test(q) })),
];
