import { closeSync, constants, openSync } from "node:fs";
import { join } from "node:path";

/**
 * Whether a scanner reads DIR/.s6-svscan/control right now: opening a FIFO
 * for writing without blocking fails (ENXIO) when nobody reads it. Nothing
 * is written.
 */
export function scannerRunning(dir: string): boolean {
  try {
    closeSync(openSync(join(dir, ".s6-svscan", "control"), constants.O_WRONLY | constants.O_NONBLOCK));
    return true;
  } catch {
    return false;
  }
}
