import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { SupervisorStartError, errnoCode } from "./errors.js";
import { ensureFifo, fail, takeLockFile, withUmask0 } from "./supervise-dir.js";

/**
 * Makes the scan directory's .s6-svscan/ as s6-svscan does: the directory,
 * its lock (held for the daemon's life: a second scanner fails on it) and
 * its control FIFO. Returns the lock's fd and the FIFO's path. Throws
 * SupervisorStartError.
 */
export function takeScanControlDir(scandir: string): { lockFd: number; fifo: string } {
  const dir = join(scandir, ".s6-svscan");
  const fifo = join(dir, "control");
  let lockFd = -1;
  withUmask0(() => {
    try {
      mkdirSync(dir, 0o700);
    } catch (err) {
      if (errnoCode(err) !== "EEXIST") throw fail("mkdir", dir, err);
      if (!statSync(dir).isDirectory()) throw new SupervisorStartError(`${dir} exists and is not a directory`, 100);
    }
    lockFd = takeLockFile(join(dir, "lock"), 0o600, "another instance of s6-svscan is already running on the same directory");
    ensureFifo(fifo);
  });
  return { lockFd, fifo };
}
