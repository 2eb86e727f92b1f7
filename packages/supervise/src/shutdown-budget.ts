import type { Logger } from "./log.js";
import type { Scanner } from "./scanner.js";
import type { Supervisor } from "./supervisor.js";

/**
 * How long a logger still running past the budget may go on once its
 * service is gone (the pipe is then at end-of-file): enough to write out
 * what its service wrote last, which a SIGKILL would lose.
 */
export const LOGGER_DRAIN_MS = 1000;

const LOG_SUFFIX = "/log";

/**
 * --shutdown-timeout: once the tree starts coming down, every service's run
 * still alive `ms` later has its whole process group SIGKILLed, and so has
 * whatever else the caller names (the main program). A logger past that
 * point gets LOGGER_DRAIN_MS more once its service is gone, then the same.
 * Finish scripts are left to their own timeout-finish: they are what the
 * budget is kept for. Listeners are set before the scanner starts, so that
 * every supervisor it creates is known.
 */
export function armShutdownBudget(scanner: Scanner, ms: number, log: Logger, alsoKill: () => void): void {
  const live = new Map<string, Supervisor>();
  let overtime = false;
  const killLoggerSoon = (name: string): void => {
    setTimeout(() => {
      const logger = live.get(name);
      if (logger !== undefined) killRun(logger, `${ms} + ${LOGGER_DRAIN_MS}`, log);
    }, LOGGER_DRAIN_MS);
  };
  scanner.on("supervisor", (name, sup) => {
    live.set(name, sup);
    sup.once("exit", () => {
      if (live.get(name) === sup) live.delete(name);
      if (overtime && live.has(name + LOG_SUFFIX)) killLoggerSoon(name + LOG_SUFFIX);
    });
  });
  // Not cancelled on the scanner's "done": the main program may still be running then.
  scanner.once("finishing", () => {
    setTimeout(() => {
      overtime = true;
      for (const [name, sup] of live) {
        if (!name.endsWith(LOG_SUFFIX)) killRun(sup, String(ms), log);
        else if (!live.has(name.slice(0, -LOG_SUFFIX.length))) killLoggerSoon(name);
      }
      alsoKill();
    }, ms);
  });
}

function killRun(sup: Supervisor, after: string, log: Logger): void {
  const s = sup.status;
  if (s.pid === 0 || s.finishing) return;
  log.warn({ service: sup.name, pid: s.pid }, `${sup.name} still running ${after} ms into the shutdown (--shutdown-timeout): sending SIGKILL to its process group`);
  try {
    process.kill(-(s.pgid > 0 ? s.pgid : s.pid), "SIGKILL");
  } catch {
    // Gone meanwhile: its death is already on the way to the reaper.
  }
}
