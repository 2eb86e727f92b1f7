import { cpuNanos, smapsRollup } from "../procfs.js";
import type { Session } from "../session.js";

const MB = 1024 * 1024;

/**
 * The tree's supervisor processes, services excluded. Under s6 there must be
 * one s6-supervise per service, or the sum would quietly miss some.
 */
export function supervisorPids(s: Session): number[] {
  const pids = s.tree.supervisors();
  const expected = s.tree.kind === "s6" ? s.services.length + 1 : 1;
  if (pids.length !== expected) throw new Error(`${s.tree.kind}: ${pids.length} supervisor processes, expected ${expected}`);
  return pids;
}

/** Sum of a smaps_rollup field ("Pss", "Rss") over pids, in MB. */
export function memoryMB(pids: readonly number[], field: "Pss" | "Rss"): number {
  let bytes = 0;
  for (const pid of pids) bytes += smapsRollup(pid, field);
  return bytes / MB;
}

/** CPU time of each pid now, in ns. */
export function cpuTimes(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const ns = cpuNanos(pid);
    if (ns === undefined) throw new Error(`supervisor process ${pid} is gone`);
    out.set(pid, ns);
  }
  return out;
}

/** CPU seconds used between two cpuTimes readings of the same pids. */
export function cpuSecondsBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let ns = 0;
  for (const [pid, t0] of before) ns += (after.get(pid) ?? t0) - t0;
  return ns / 1e9;
}
