import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

export interface Life {
  /** Every parent the process was seen with. */
  parents: Set<number>;
  /** From the first sample that saw it a zombie to the first that did not see it; 0 if never seen a zombie. */
  zombieMs: number;
}

/**
 * Follows a process that is not our child until it is gone. The kernel
 * tells only the parent when a process dies, so this samples /proc every
 * couple of ms, which also bounds how long it was a zombie.
 */
export async function followProcess(pid: number, ms: number): Promise<Life> {
  const end = performance.now() + ms;
  const parents = new Set<number>();
  let zombieSince: number | undefined;
  for (;;) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    } catch {
      return { parents, zombieMs: zombieSince === undefined ? 0 : performance.now() - zombieSince };
    }
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    parents.add(Number(ppid));
    if (state === "Z") zombieSince ??= performance.now();
    if (performance.now() > end) throw new Error(`process ${pid} still there after ${ms} ms (state ${state}, parent ${ppid})`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
