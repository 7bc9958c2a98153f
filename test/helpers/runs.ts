/**
 * Run counts of the property (fast-check) tests. Each test has its own default and its own
 * environment variable, `BANTIN_FUZZ_RUNS_<NAME>`, so widening one search (`BANTIN_FUZZ_RUNS_GFM=50000`)
 * leaves the others as they are. A value that is not a positive whole number is an error, not a
 * silent fall-back to the default.
 */
export function fuzzRuns(name: string, fallback: number): number {
  const variable = `BANTIN_FUZZ_RUNS_${name}`;
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${variable}=${raw}: expected a positive whole number of runs`);
  return n;
}
