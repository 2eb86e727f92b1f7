import { type Tain, tainAddMs, tainFromUnixMs } from "@ts6/protocol";

const NS_PER_MS = 1_000_000n;

// Date.now() at some instant, and the monotonic clock at the same instant.
let anchorMs = Date.now();
let anchorNs = process.hrtime.bigint();

/**
 * The wall clock to a fraction of a millisecond, for status stamps. s6
 * stamps in nanoseconds: with Date.now() alone, a service that is up and
 * ready within one millisecond would get two equal stamps where s6 has two
 * ordered ones. The monotonic clock supplies the fraction; whenever the two
 * clocks disagree by a millisecond or more (the wall clock was set, or has
 * drifted), the estimate starts again from Date.now().
 */
export function wallclockNow(): Tain {
  const ns = process.hrtime.bigint();
  const wall = Date.now();
  const elapsed = ns - anchorNs;
  const estimate = BigInt(anchorMs) * NS_PER_MS + elapsed;
  const diff = estimate - BigInt(wall) * NS_PER_MS;
  if (diff <= -NS_PER_MS || diff >= NS_PER_MS) {
    anchorMs = wall;
    anchorNs = ns;
    return tainFromUnixMs(wall);
  }
  return tainAddMs(tainFromUnixMs(anchorMs), Number(elapsed) / 1e6);
}
