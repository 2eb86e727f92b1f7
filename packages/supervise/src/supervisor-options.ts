import type { Tain } from "@ts6/protocol";
import type { ChildWatch, ProcessOps } from "./children.js";
import type { Logger } from "./log.js";

/** What a Supervisor is given, and what it tells: its contract with the scanner and ts6-supervise. */

export interface SupervisorOptions {
  /** The service directory, absolute or relative to the daemon's cwd. */
  dir: string;
  /** What run and finish get as their NAME argument: the directory as s6-svscan names it. */
  name: string;
  /** Who spawns run off the main thread and reaps: the daemon's Reaper. */
  reaper: ChildWatch;
  /** Default: the addon's spawn and kill(2). */
  processes?: ProcessOps;
  log: Logger;
  /** Daemon fds that the service gets as its 0, 1 and 2 (the supervisor keeps its own copies). */
  stdio: readonly [number, number, number];
  /**
   * The owner keeps the stdio fds open for as long as this supervisor may
   * use them (until "stdio-detached" or "exit"): no copies are made.
   */
  sharedStdio?: boolean;
}

export type SupervisorSignal = "term" | "hup" | "quit" | "int";

export interface SupervisorEvents {
  /** The supervisor is gone: its last event sent, every fd and timer released. */
  exit: [];
  /** x or HUP: the supervisor let go of its stdin and stdout. */
  "stdio-detached": [];
  /** run died (emitted once the supervisor is in its new state); wantUp is what the service was wanted to be then. */
  death: [wstat: number, wantUp: boolean];
  /** finish exited 125: the supervisor no longer wants the service up (status and events already out). */
  "permanent-failure": [code: number, readyStamp: Tain];
}
