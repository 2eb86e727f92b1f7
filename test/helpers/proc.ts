import { readFileSync } from "node:fs";

/** The state letter of a process in /proc (R, S, T...), or "gone". */
export function procState(pid: number): string {
  try {
    return /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))?.[1] ?? "?";
  } catch {
    return "gone";
  }
}

/**
 * Resolves with the state once a signal sent to `pid` has taken effect
 * (`pred` holds). The kernel tells nobody but the parent when a process
 * stops or continues, so this looks at /proc every few ms, up to `ms`.
 */
export async function waitProcState(pid: number, pred: (state: string) => boolean, ms = 2000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const state = procState(pid);
    if (pred(state)) return state;
    if (Date.now() > end) throw new Error(`process ${pid} still in state ${state} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Resolves once `sleep` (pid) is in its nanosleep. A spawn returns once the
 * child has exec'd, but the dynamic loader then opens (and closes) files on
 * the lowest free fds: until the program proper runs, its fd table is in
 * flux. No event tells another process's progress, so this polls /proc,
 * with a deadline.
 */
export async function waitAsleep(pid: number, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!readFileSync(`/proc/${pid}/wchan`, "utf8").includes("nanosleep")) {
    if (Date.now() > end) throw new Error(`pid ${pid} was not asleep within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
