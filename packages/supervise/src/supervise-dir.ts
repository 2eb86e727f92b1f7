import {
  type Stats, chmodSync, chownSync, closeSync, constants, mkdirSync, openSync, readlinkSync, statSync,
} from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { lock, mkfifo } from "@ts6/native";
import { SupervisorStartError, errnoCode, errorText } from "./errors.js";

export function fail(what: string, path: string, err: unknown): SupervisorStartError {
  return new SupervisorStartError(`unable to ${what} ${path}: ${errorText(err)}`, 111, errnoCode(err));
}

/**
 * mkdir that follows a dangling symlink, as s6-supervise does, so that
 * supervise/ can point into a tmpfs. Returns true when it created a dir.
 */
function makeDir(path: string): boolean {
  try {
    mkdirSync(path, 0o700);
    return true;
  } catch (err) {
    if (errnoCode(err) !== "EEXIST") throw fail("mkdir", path, err);
  }
  let target: string;
  try {
    target = readlinkSync(path);
  } catch (err) {
    if (errnoCode(err) !== "EINVAL") throw fail("mkdir", path, err);
    expectKind(path, (st) => st.isDirectory(), "exists and is not a directory");
    return false;
  }
  // Not path.resolve: the directory may be reached through /proc/self/fd/N,
  // whose ".." only the kernel knows; s6 resolves the target from its cwd,
  // which is where the link is.
  const dest = isAbsolute(target) ? target : `${dirname(path)}/${target}`;
  try {
    mkdirSync(dest, 0o700);
  } catch (err) {
    // A symlink to an existing directory is what the user meant.
    if (errnoCode(err) === "EEXIST" && statSync(dest).isDirectory()) return false;
    throw fail("mkdir", dest, err);
  }
  return true;
}

/** Opens and locks a lock file; a lock held elsewhere is a 100 exit, as in s6. */
export function takeLockFile(path: string, mode: number, busy: string): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_CREAT, mode);
  } catch (err) {
    throw fail("open", path, err);
  }
  let locked: boolean;
  try {
    locked = lock(fd);
  } catch (err) {
    closeSync(fd);
    throw fail("lock", path, err);
  }
  if (!locked) {
    closeSync(fd);
    throw new SupervisorStartError(busy, 100);
  }
  return fd;
}

/** Makes a control FIFO, accepting one that already exists. */
export function ensureFifo(path: string): void {
  try {
    mkfifo(path, 0o600);
  } catch (err) {
    if (errnoCode(err) !== "EEXIST") throw fail("mkfifo", path, err);
    expectKind(path, (st) => st.isFIFO(), "is not a FIFO");
  }
}

/** Something already at `path` must be what s6 expects there: anything else is a 100 exit. */
function expectKind(path: string, isKind: (st: Stats) => boolean, otherwise: string): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    throw fail("stat", path, err);
  }
  if (!isKind(st)) throw new SupervisorStartError(`${path} ${otherwise}`, 100);
}

/** Runs fn with the umask cleared, so that modes are exactly what s6 uses. */
export function withUmask0<T>(fn: () => T): T {
  const old = process.umask(0);
  try {
    return fn();
  } finally {
    process.umask(old);
  }
}

export interface SuperviseFiles {
  /** Holds the OFD lock on supervise/lock for the supervisor's life. */
  lockFd: number;
  controlPath: string;
}

/** Creates event/ and supervise/ with s6's modes, takes the supervisor lock and makes the control FIFO. */
export function initSuperviseDir(dir: string): SuperviseFiles {
  const eventDir = join(dir, "event");
  const superviseDir = join(dir, "supervise");
  return withUmask0(() => {
    if (makeDir(eventDir)) {
      try {
        // getegid exists on every POSIX platform, the only kind ts6 runs on.
        chownSync(eventDir, -1, process.getegid!());
        chmodSync(eventDir, 0o3730);
      } catch (err) {
        throw fail("set the mode of", eventDir, err);
      }
    }
    makeDir(superviseDir);
    const lockFd = takeLockFile(join(superviseDir, "lock"), 0o644, "another instance of s6-supervise is already running");
    const controlPath = join(superviseDir, "control");
    try {
      ensureFifo(controlPath);
    } catch (err) {
      closeSync(lockFd);
      throw err;
    }
    return { lockFd, controlPath };
  });
}

/** s6-supervise starts every life with an empty supervise/death_tally. */
export function truncateDeathTally(dir: string): void {
  const tally = join(dir, "supervise", "death_tally");
  try {
    closeSync(openSync(tally, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_CREAT | constants.O_TRUNC, 0o666));
  } catch (err) {
    throw fail("truncate", tally, err);
  }
}
