import { accessSync, constants, lstatSync, statSync } from "node:fs";
import { join } from "node:path";
import { readLockFd, readNotificationFd } from "@ts6/protocol";

/**
 * Why the supervisor cannot run this service, as far as its files show:
 * the reasons s6-supervise reports only on the scanner's stderr. Undefined
 * when run looks runnable.
 */
export function runProblem(dir: string): string | undefined {
  const run = join(dir, "run");
  try {
    lstatSync(run);
  } catch {
    return "no run file";
  }
  let st;
  try {
    st = statSync(run);
  } catch {
    return "run is a dangling link";
  }
  if (!st.isFile()) return "run is not a file";
  try {
    accessSync(run, constants.X_OK);
  } catch {
    return "run is not executable";
  }
  const notif = readNotificationFd(dir).value;
  if (notif !== undefined && notif === readLockFd(dir).value) return "notification-fd and lock-fd are the same";
  return undefined;
}

/**
 * A notification-fd file the supervisor cannot use: the service still
 * runs, but never reports readiness.
 */
export function notificationProblem(dir: string): string | undefined {
  const w = readNotificationFd(dir).warning;
  return w === undefined ? undefined : `bad notification-fd (${w.problem}): no readiness`;
}
