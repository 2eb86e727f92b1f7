import { closeSync, constants, fstatSync, openSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { setNonblock } from "@ts6/native";
import { findOrphan } from "./adoption.js";

/**
 * The log pipe of a service whose logger (or the service itself) outlived
 * the scanner that made the pipe: reopened through the survivor's
 * /proc/PID/fd/0 (the logger's stdin) or /proc/PID/fd/1 (the service's
 * stdout), so that the next start of either side uses the same pipe and
 * nothing written into it is lost. Undefined when neither survives.
 */
export function recoverLogPipe(dir: string): { read: number; write: number } | undefined {
  const candidates: Array<[string, number]> = [[join(dir, "log"), 0], [dir, 1]];
  for (const [where, fd] of candidates) {
    const orphan = findOrphan(where);
    if (orphan === undefined) continue;
    const ends = reopenPipe(`/proc/${orphan.pid}/fd/${fd}`);
    if (ends !== undefined) return ends;
  }
  return undefined;
}

function reopenPipe(link: string): { read: number; write: number } | undefined {
  let target: string;
  try {
    target = readlinkSync(link);
  } catch {
    return undefined;
  }
  const m = /^pipe:\[(\d+)\]$/.exec(target);
  if (m === null) return undefined;
  // Opened read-write first, so that neither end's open waits for the other (FIFO rules apply).
  let both: number;
  try {
    both = openSync(link, constants.O_RDWR);
  } catch {
    return undefined;
  }
  let read = -1;
  let write = -1;
  try {
    read = openSync(link, constants.O_RDONLY | constants.O_NONBLOCK);
    write = openSync(link, constants.O_WRONLY | constants.O_NONBLOCK);
    // The process may have died and its pid been reused between readlink and open.
    if (String(fstatSync(read).ino) !== m[1]) throw new Error("another pipe");
    // Services get these as stdin and stdout: they must block, as pipe(2)'s do.
    setNonblock(read, false);
    setNonblock(write, false);
    return { read, write };
  } catch {
    if (read >= 0) closeSync(read);
    if (write >= 0) closeSync(write);
    return undefined;
  } finally {
    closeSync(both);
  }
}
