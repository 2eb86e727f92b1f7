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
