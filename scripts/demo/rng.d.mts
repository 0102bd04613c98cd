// Types for rng.mjs (the project type-checks TypeScript only; tests import the JavaScript).
export type Rand = () => number;
export function makeRng(seed: number): Rand;
export function normal(rand: Rand): number;
export function poisson(rand: Rand, mean: number): number;
export function binomial(rand: Rand, n: number, p: number): number;
export function lognormal(rand: Rand, median: number, p99: number): number;
export function hexId(rand: Rand, bytes: number): string;
