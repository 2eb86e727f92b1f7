import { type SpawnOptions, spawn } from "@ts6/native";
import type { ExitHandler } from "./reaper.js";

/** What a supervisor asks of whoever reaps: the Reaper in the daemon, a fake in unit tests. */
export interface ChildWatch {
  /** Registers the handler for pid's death. */
  watch(pid: number, onExit: ExitHandler): void;
  /** Lets go of a pid whose owner is going away. */
  forget(pid: number): void;
}

/** The calls that reach processes directly. */
export interface ProcessOps {
  /** Spawns and returns the pid once the child has exec'd; throws as the addon's spawn does. */
  spawn(opts: SpawnOptions): number;
  /** kill(2); a negative pid is a process group. Throws ESRCH for nobody. */
  kill(pid: number, sig: NodeJS.Signals | number): void;
}

export const realProcesses: ProcessOps = {
  spawn,
  kill: (pid, sig) => process.kill(pid, sig),
};

let env: string[] | undefined;

/** The daemon's environment as run and finish get it, built once: it does not change. */
export function serviceEnv(): string[] {
  env ??= Object.entries(process.env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
  return env;
}
