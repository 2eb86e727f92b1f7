import * as fs from "node:fs";
import { testLock } from "@ts6/native";
import { errnoCode, errnoError } from "./errors.js";

const { O_RDONLY, O_WRONLY, O_NONBLOCK } = fs.constants;

export function svcControlPath(servicedir: string): string {
  return `${servicedir}/supervise/control`;
}

/**
 * s6_svc_write: opening without blocking tells a listening supervisor
 * (success) from a dead one (ENXIO). s6 then clears O_NONBLOCK and writes;
 * Node cannot clear it without fcntl, and blocking this thread on a full
 * FIFO would freeze the caller anyway. A write of up to PIPE_BUF (4096)
 * bytes to a FIFO is all-or-nothing, so it still goes in as one write, or
 * fails with EAGAIN when the supervisor has stopped reading.
 */
export function writeControl(fifo: string, bytes: string): void {
  let fd: number;
  try {
    fd = fs.openSync(fifo, O_WRONLY | O_NONBLOCK);
  } catch (err) {
    if (errnoCode(err) === "ENXIO")
      throw errnoError("ENXIO", `${fifo}: supervisor not listening`, fifo);
    throw err;
  }
  try {
    const data = Buffer.from(bytes);
    const n = fs.writeSync(fd, data);
    if (n < data.length) throw errnoError("EAGAIN", `${fifo}: only ${n} of ${data.length} bytes written`, fifo);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * s6_svc_ok: a supervisor holds a lock on supervise/lock for its whole life.
 * No lock file means nothing was ever supervised there.
 */
export function isSupervised(servicedir: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(`${servicedir}/supervise/lock`, O_RDONLY | O_NONBLOCK);
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return false;
    throw err;
  }
  try {
    return testLock(fd);
  } finally {
    fs.closeSync(fd);
  }
}
