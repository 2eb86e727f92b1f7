import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomicwrite.js";

/**
 * ts6-svscan's list of the supervisors that wait for file descriptors (one
 * name a line, "foo" or "foo/log"), in .s6-svscan/: there only while some
 * wait. Not an s6 file; s6's clients never read it.
 */
export const WAITING_FOR_FDS = "waiting-for-fds";

export function waitingForFdsPath(scandir: string): string {
  return join(scandir, ".s6-svscan", WAITING_FOR_FDS);
}

/** Writes the list, or removes the file when `names` is empty. */
export function writeWaitingForFds(scandir: string, names: readonly string[]): void {
  const file = waitingForFdsPath(scandir);
  if (names.length === 0) rmSync(file, { force: true });
  else writeFileAtomic(file, Buffer.from(names.map((n) => `${n}\n`).join("")));
}

/** The names in the list; empty when there is none (nothing waits, or not a ts6 tree). */
export function readWaitingForFds(scandir: string): ReadonlySet<string> {
  try {
    return new Set(readFileSync(waitingForFdsPath(scandir), "utf8").split("\n").filter((l) => l !== ""));
  } catch {
    return new Set();
  }
}
