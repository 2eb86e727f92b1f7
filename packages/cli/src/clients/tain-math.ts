import type { Tain } from "@ts6/protocol";

const U64 = (1n << 64n) - 1n;

/**
 * Whole seconds from `since` to `now` as skalibs' tain_sub computes them:
 * unsigned 64-bit arithmetic, so a stamp in the future wraps around
 * exactly as s6-svstat prints it.
 */
export function secondsBetween(since: Tain, now: Tain): bigint {
  let sec = now.sec - since.sec;
  if (now.nano < since.nano) sec -= 1n;
  return sec & U64;
}
