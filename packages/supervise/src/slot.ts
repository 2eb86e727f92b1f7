import type { SharedPipe } from "./shared-pipe.js";
import type { Supervisor } from "./supervisor.js";

/** Index into a slot's pair: the service's supervisor, then its logger's. */
export const SERVICE = 0;
export const LOGGER = 1;
export type Side = typeof SERVICE | typeof LOGGER;

/** What happened to a slot's log pipe, s6-svscan's p[0] >= 0, -1, -2. */
export type PipeState =
  | { kind: "open"; pipe: SharedPipe }
  /** Closed because one side died while the slot was inactive. */
  | { kind: "closed" }
  /** Closed, and the directory came back: rescan once the other side dies. */
  | { kind: "reactivated" };

/**
 * One scanned directory: a service, or a service and its logger sharing a
 * pipe. Identity is (dev, ino), so two names for one directory are one slot.
 */
export interface Slot {
  readonly key: string;
  readonly special: boolean;
  /** Has a logger; set at registration, or later when the watch sees log/ appear. */
  logged: boolean;
  pipe: PipeState;
  active: boolean;
  sups: [Supervisor | undefined, Supervisor | undefined];
  /** Monotonic ms before which a dead supervisor is not restarted. */
  restartAfter: [number, number];
}

export function slotKey(dev: number, ino: number): string {
  return `${dev}:${ino}`;
}
