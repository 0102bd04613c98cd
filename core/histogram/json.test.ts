import { describe, expect, it } from "vitest";
import { emptyHistogram } from "./float-histogram";
import { histogramToJson } from "./json";
import { parseHistogramLiteral } from "./literal";

describe("histogram JSON", () => {
  it("renders like Prometheus' own API test (web/api/v1/json_codec_test.go, v2.53.5)", () => {
    const h = emptyHistogram({
      schema: 2,
      zeroThreshold: 0.001,
      zeroCount: 12,
      count: 10,
      sum: 20,
      positiveSpans: [
        { offset: 3, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 2, 2, 1, 1],
      negativeSpans: [{ offset: 2, length: 2 }],
      negativeBuckets: [2, 1],
    });
    expect(JSON.stringify(histogramToJson(h))).toBe(
      '{"count":"10","sum":"20","buckets":[[1,"-1.6817928305074288","-1.414213562373095","1"],[1,"-1.414213562373095","-1.189207115002721","2"],[3,"-0.001","0.001","12"],[0,"1.414213562373095","1.6817928305074288","1"],[0,"1.6817928305074288","2","2"],[0,"2.378414230005442","2.82842712474619","2"],[0,"2.82842712474619","3.3635856610148576","1"],[0,"3.3635856610148576","4","1"]]}',
    );
  });

  it("leaves out empty buckets, and the key when none is populated", () => {
    expect(histogramToJson(parseHistogramLiteral("{{}}"))).toEqual({ count: "0", sum: "0" });
    expect(histogramToJson(parseHistogramLiteral("{{count:2 sum:3 buckets:[0 2 0]}}"))).toEqual({
      count: "2",
      sum: "3",
      buckets: [[0, "1", "2", "2"]],
    });
  });

  it("writes small and special values as Prometheus' MarshalFloat does", () => {
    const h = parseHistogramLiteral("{{count:1e-7 sum:NaN z_bucket:1e-7 z_bucket_w:1e-128}}");
    expect(histogramToJson(h)).toEqual({ count: "1e-07", sum: "NaN", buckets: [[3, "-1e-128", "1e-128", "1e-07"]] });
  });

  it("bounds the first custom bucket from -Inf, closed", () => {
    const h = parseHistogramLiteral("{{schema:-53 custom_values:[1 5] count:3 sum:4 buckets:[1 1 1]}}");
    expect(histogramToJson(h).buckets).toEqual([
      [3, "-Inf", "1", "1"],
      [0, "1", "5", "1"],
      [0, "5", "+Inf", "1"],
    ]);
  });
});
