import { existsSync } from "node:fs";
import { errnoCode, wexitstatus, wifsignaled, wtermsig } from "@ts6/protocol";
import { type ProcessOps, serviceEnv } from "./children.js";
import { errorText } from "./errors.js";
import type { Logger } from "./log.js";
import type { ServiceView } from "./service-view.js";

export interface FinishRequest {
  view: ServiceView;
  /** finish's NAME argument. */
  name: string;
  stdio: readonly [number, number, number];
  processes: ProcessOps;
  log: Logger;
}

/**
 * Starts ./finish for run's death, with s6's arguments: run's exit code
 * (256 when a signal killed it), the signal (0 if none), NAME. Returns its
 * pid; 0 when there is no finish to run; undefined when the system is out
 * of processes or memory, which s6 treats as "no finishing phase at all".
 */
export function startFinish(req: FinishRequest, wstat: number): number | undefined {
  const { view, log } = req;
  // Most services have no finish: asking is cheaper than a failed spawn.
  if (!existsSync(`${view.here}/finish`)) return 0;
  const signalled = wifsignaled(wstat);
  const argv = ["finish", String(signalled ? 256 : wexitstatus(wstat)), String(signalled ? wtermsig(wstat) : 0), req.name];
  const stdio = req.stdio;
  try {
    return req.processes.spawn({ file: "./finish", argv, cwd: view.here, env: serviceEnv(), fds: [[0, stdio[0]], [1, stdio[1]], [2, stdio[2]]] });
  } catch (err) {
    const code = errnoCode(err);
    if (code === "EAGAIN" || code === "ENOMEM") {
      log.warn({ file: "./finish", code }, "unable to spawn ./finish");
      return undefined;
    }
    if (code !== "ENOENT") log.warn({ file: "./finish", code }, `unable to spawn ./finish: ${errorText(err)}`);
    return 0;
  }
}
