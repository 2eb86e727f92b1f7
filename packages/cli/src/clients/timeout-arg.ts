import { parseUint } from "../getopt.js";

/**
 * A millisecond timeout as s6 scans it (uint0_scan into an unsigned int);
 * undefined when it is not one. 0 means no timeout.
 */
export function parseTimeout(arg: string | undefined): number | undefined {
  const n = parseUint(arg);
  return n !== undefined && n <= 0xffffffff ? n : undefined;
}

/** The deadline, on performance.now()'s clock, for a timeout in ms (0: none). */
export function deadlineAfter(ms: number): number | undefined {
  return ms === 0 ? undefined : performance.now() + ms;
}
