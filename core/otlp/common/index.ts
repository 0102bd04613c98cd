export * from "./types";
export * from "./int64";
export * from "./ids";
export * from "./proto";
export * from "./json";
export * from "./flatten";
export * from "./envelope";
