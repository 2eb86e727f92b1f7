/**
 * Milliseconds on the monotonic clock, for deadlines: performance.now()'s
 * clock without its module. `performance`, even the global, loads
 * node:perf_hooks and a dozen internal modules, about 0.8 MB of resident
 * memory that a daemon keeps for its whole life.
 */
export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}
