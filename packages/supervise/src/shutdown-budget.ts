import type { Logger } from "./log.js";
import type { Scanner } from "./scanner.js";
import type { Supervisor } from "./supervisor.js";

/**
 * --shutdown-timeout: once the tree starts coming down, every run process
 * (service or logger) still alive `ms` later has its whole process group
 * SIGKILLed, and so has whatever else the caller names (the main program).
 * Finish scripts are left to their own timeout-finish: they are what the
 * budget is kept for. Listeners are set before the scanner starts, so that
 * every supervisor it creates is known.
 */
export function armShutdownBudget(scanner: Scanner, ms: number, log: Logger, alsoKill: () => void): void {
  const live = new Set<Supervisor>();
  scanner.on("supervisor", (_name, sup) => {
    live.add(sup);
    sup.once("exit", () => live.delete(sup));
  });
  // Not cancelled on the scanner's "done": the main program may still be running then.
  scanner.once("finishing", () => {
    setTimeout(() => {
      for (const sup of live) killRun(sup, ms, log);
      alsoKill();
    }, ms);
  });
}

function killRun(sup: Supervisor, ms: number, log: Logger): void {
  const s = sup.snapshot();
  if (s.pid === 0 || s.finishing) return;
  log.warn({ service: sup.name, pid: s.pid }, `${sup.name} still running ${ms} ms into the shutdown (--shutdown-timeout): sending SIGKILL to its process group`);
  try {
    process.kill(-(s.pgid > 0 ? s.pgid : s.pid), "SIGKILL");
  } catch {
    // Gone meanwhile: its death is already on the way to the reaper.
  }
}
