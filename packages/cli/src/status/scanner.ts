import { closeSync, constants, openSync } from "node:fs";
import { join } from "node:path";
import { type PermanentFailure, readPermanentFailures, readWaitingForFds } from "@ts6/protocol";

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

/** What the scanner of a scan directory says of its services, beyond their own status files. */
export interface ScannerFacts {
  /** A scanner runs there, so every service there should have a supervisor. */
  scanned: boolean;
  /** The services it cannot supervise yet for want of file descriptors. */
  waitingForFds: ReadonlySet<string>;
  /** The services whose finish exited 125, with the status they left. */
  permanentFailures: ReadonlyMap<string, PermanentFailure>;
}

export const NO_SCANNER: ScannerFacts = { scanned: false, waitingForFds: new Set(), permanentFailures: new Map() };

export function scannerFacts(scandir: string): ScannerFacts {
  if (!scannerRunning(scandir)) return NO_SCANNER;
  return { scanned: true, waitingForFds: readWaitingForFds(scandir), permanentFailures: readPermanentFailures(scandir) };
}
