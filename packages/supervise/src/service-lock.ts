import { closeSync, constants, fstatSync, ftruncateSync, openSync } from "node:fs";
import { lock } from "@ts6/native";
import { errnoCode } from "./errors.js";

export type ServiceLock =
  | { fd: number; /** a previous instance had written to it: now emptied */ wasDirty: boolean }
  | { problem: string; code?: string };

/**
 * supervise/service-lock for lock-fd (`shown`: its path for messages), opened (never created, as s6) and
 * locked on an open file description that run inherits, so that the running
 * service, not the supervisor, holds the lock.
 */
export function openServiceLock(path: string, shown = path): ServiceLock {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { problem: `unable to open ${shown} for writing`, code: errnoCode(err) };
  }
  try {
    const wasDirty = fstatSync(fd).size > 0;
    if (wasDirty) ftruncateSync(fd, 0);
    if (!lock(fd)) {
      closeSync(fd);
      return { problem: "another instance of the service is already running" };
    }
    return { fd, wasDirty };
  } catch (err) {
    closeSync(fd);
    return { problem: `unable to lock ${shown}`, code: errnoCode(err) };
  }
}
