import { closeSync } from "node:fs";
import { join } from "node:path";
import { pipe } from "@ts6/native";
import { errnoCode, readLockFd, readNotificationFd } from "@ts6/protocol";
import { type ProcessOps, serviceEnv } from "./children.js";
import { errorText } from "./errors.js";
import type { Logger } from "./log.js";
import { openServiceLock } from "./service-lock.js";
import type { ServiceView } from "./service-view.js";

const SECOND = 1000;

export interface RunRequest {
  view: ServiceView;
  /** run's NAME argument. */
  name: string;
  stdio: readonly [number, number, number];
  processes: ProcessOps;
  log: Logger;
}

/** What came of a launch: run's pid (and its notification pipe's read end), or when to try again. */
export type RunOutcome =
  | { pid: number; notification: number | undefined }
  | { retryMs: number };

/**
 * Starts ./run with its fd map: stdio, the write end of a notification pipe
 * (notification-fd), supervise/service-lock (lock-fd). Changes no state and
 * returns once run has exec'd, or with when to try again (after a warning).
 */
export function launchRun(req: RunRequest): RunOutcome {
  const { view, log } = req;
  const lockFdNum = view.read(readLockFd);
  let serviceLock = -1;
  if (lockFdNum !== undefined) {
    serviceLock = takeServiceLock(view, log);
    if (serviceLock < 0) return { retryMs: 60 * SECOND };
  }
  const notif = readNotificationFd(view.here);
  const shortOfFds = notif.warning?.code;
  if (shortOfFds === "EMFILE" || shortOfFds === "ENFILE") {
    // s6 would start run without readiness, and it would never be ready: in
    // one process holding every service, this is the tree's shortage, not the
    // file's, and it passes.
    log.warn({ file: "notification-fd", code: shortOfFds }, "unable to read notification-fd: too many open files (waiting 5 seconds)");
    if (serviceLock >= 0) closeSync(serviceLock);
    return { retryMs: 5 * SECOND };
  }
  const notifFdNum = view.read(() => notif);
  let notifPipe: { read: number; write: number } | undefined;
  if (notifFdNum !== undefined) {
    if (serviceLock >= 0 && notifFdNum === lockFdNum) {
      log.warn({ file: "notification-fd" }, "unable to start service: notification-fd and lock-fd are the same");
      closeSync(serviceLock);
      return { retryMs: Infinity };
    }
    try {
      notifPipe = pipe();
    } catch (err) {
      log.warn({ syscall: "pipe", code: errnoCode(err) }, "unable to pipe (waiting 60 seconds)");
      if (serviceLock >= 0) closeSync(serviceLock);
      return { retryMs: 60 * SECOND };
    }
  }
  const fds = new Map<number, number>([[0, req.stdio[0]], [1, req.stdio[1]], [2, req.stdio[2]]]);
  if (notifPipe !== undefined && notifFdNum !== undefined) fds.set(notifFdNum, notifPipe.write);
  if (serviceLock >= 0 && lockFdNum !== undefined) fds.set(lockFdNum, serviceLock);
  const opts = { file: "./run", argv: ["run", req.name], cwd: view.here, env: serviceEnv(), fds: [...fds] };
  let pid = 0;
  let failure: unknown;
  try {
    pid = req.processes.spawn(opts);
  } catch (err) {
    failure = err;
  } finally {
    // The child has its copies (or there is no child): ours would only keep EOF away.
    if (notifPipe !== undefined) closeSync(notifPipe.write);
    if (serviceLock >= 0) closeSync(serviceLock);
  }
  if (pid > 0) return { pid, notification: notifPipe?.read };
  if (notifPipe !== undefined) closeSync(notifPipe.read);
  return { retryMs: spawnFailed(failure, log) };
}

/** Takes supervise/service-lock for lock-fd; -1 (after a warning) when it cannot. */
function takeServiceLock(view: ServiceView, log: Logger): number {
  const path = join(view.here, "supervise", "service-lock");
  const shown = view.shown(path);
  const got = openServiceLock(path, shown);
  if ("problem" in got) {
    log.warn({ file: shown, code: got.code }, `${got.problem} (waiting 60 seconds)`);
    return -1;
  }
  if (got.wasDirty) log.warn({ file: shown }, "a previous instance of the service wrote to the lock file!");
  return got.fd;
}

/** Logs the failure; returns how long to wait before the next try. */
function spawnFailed(err: unknown, log: Logger): number {
  const code = errnoCode(err);
  // Out of processes or memory is the system's trouble: wait longer, as s6 does for fork.
  const wait = code === "EAGAIN" || code === "ENOMEM" ? 60 : 10;
  log.warn({ file: "./run", code, syscall: "spawn" }, `unable to spawn ./run - waiting ${wait} seconds: ${errorText(err)}`);
  return wait * SECOND;
}
