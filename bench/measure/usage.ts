import { type SchedTotals, mappings, schedTotals, smapsRollup } from "../procfs.js";
import type { Session } from "../session.js";
import { setTimeout as sleep } from "node:timers/promises";

const MB = 1024 * 1024;

/**
 * Waits until every service has sent `event` (U: ready, u: started) and the
 * scanner accepts commands, lets the tree settle, then returns its
 * supervisor processes: where every steady-state figure starts.
 */
export async function settledSupervisors(s: Session, event: "U" | "u", timeoutMs: number, settleMs: number): Promise<number[]> {
  await s.events.all(event, timeoutMs);
  await s.tree.waitReady();
  await sleep(settleMs);
  return supervisorPids(s);
}

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

/**
 * What the processes would take on a machine running nothing else, in MB:
 * their anonymous memory, plus each file's resident pages once (the most
 * any of them has resident). Pss instead splits a file's pages among every
 * process on the machine that maps it: ts6-svscan's share of the node binary
 * shrinks with each other Node process running, the bench's own included.
 */
export function footprintMB(pids: readonly number[]): number {
  let anonymous = 0;
  const files = new Map<string, number>();
  for (const pid of pids) {
    const m = mappings(pid);
    if (m === undefined) throw new Error(`supervisor process ${pid} is gone`);
    anonymous += m.anonymous;
    for (const [file, bytes] of m.files) files.set(file, Math.max(bytes, files.get(file) ?? 0));
  }
  let total = anonymous;
  for (const bytes of files.values()) total += bytes;
  return total / MB;
}

/** The scheduler's totals (CPU time, wakeups) of each pid now. */
export function schedReadings(pids: readonly number[]): Map<number, SchedTotals> {
  const out = new Map<number, SchedTotals>();
  for (const pid of pids) {
    const totals = schedTotals(pid);
    if (totals === undefined) throw new Error(`supervisor process ${pid} is gone`);
    out.set(pid, totals);
  }
  return out;
}

/** CPU seconds used between two schedReadings of the same pids. */
export function cpuSecondsBetween(before: ReadonlyMap<number, SchedTotals>, after: ReadonlyMap<number, SchedTotals>): number {
  let ns = 0;
  for (const [pid, t0] of before) ns += (after.get(pid) ?? t0).cpuNs - t0.cpuNs;
  return ns / 1e9;
}

/** Times the pids' threads were put on a CPU between two schedReadings readings. */
export function wakeupsBetween(before: ReadonlyMap<number, SchedTotals>, after: ReadonlyMap<number, SchedTotals>): number {
  let slices = 0;
  for (const [pid, t0] of before) slices += (after.get(pid) ?? t0).slices - t0.slices;
  return slices;
}
