// Typed PromQL syntax tree, built from the lezer parse tree by parse.ts. Times are milliseconds.
import type { LabelMatcher } from "./types";

export type ValueType = "scalar" | "vector" | "matrix" | "string";

export interface VectorSelector {
  kind: "vector";
  /** Metric name when written as an identifier (it also appears in `matchers` as __name__). */
  name?: string;
  matchers: LabelMatcher[];
  offsetMs: number;
  /** Absolute @ time in ms, or the start()/end() preprocessors resolved per query. */
  at?: number | "start" | "end";
}

export interface MatrixSelector {
  kind: "matrix";
  vector: VectorSelector;
  rangeMs: number;
}

export interface Subquery {
  kind: "subquery";
  expr: Expr;
  rangeMs: number;
  /** 0 means the engine's default evaluation interval. */
  stepMs: number;
  offsetMs: number;
  at?: number | "start" | "end";
}

export interface NumberLiteral {
  kind: "number";
  value: number;
}

export interface StringLiteral {
  kind: "string";
  value: string;
}

export interface Paren {
  kind: "paren";
  expr: Expr;
}

export interface Unary {
  kind: "unary";
  op: "-" | "+";
  expr: Expr;
}

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "atan2"
  | "=="
  | "!="
  | ">"
  | "<"
  | ">="
  | "<="
  | "and"
  | "or"
  | "unless";

export interface VectorMatching {
  card: "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many";
  /** true: `on(labels)`; false: `ignoring(labels)` (the default, with no labels). */
  on: boolean;
  labels: string[];
  /** Extra labels copied from the "one" side by group_left/group_right. */
  include: string[];
}

export interface Binary {
  kind: "binary";
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  /** Present when both sides are instant vectors. */
  matching?: VectorMatching;
}

export type AggregateOp =
  | "sum"
  | "avg"
  | "min"
  | "max"
  | "count"
  | "group"
  | "stddev"
  | "stdvar"
  | "topk"
  | "bottomk"
  | "quantile"
  | "count_values";

export interface Aggregate {
  kind: "aggregate";
  op: AggregateOp;
  expr: Expr;
  param?: Expr;
  grouping: string[];
  without: boolean;
}

export interface Call {
  kind: "call";
  func: string;
  args: Expr[];
}

export type Expr =
  | VectorSelector
  | MatrixSelector
  | Subquery
  | NumberLiteral
  | StringLiteral
  | Paren
  | Unary
  | Binary
  | Aggregate
  | Call;
