import { type Stats, lstatSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { SPECIAL_LOGGER, isSupervised } from "@ts6/protocol";

/** A service directory as s6-svscan names it: "foo", or "foo/log" for its logger. */
export interface ServiceEntry {
  name: string;
  dir: string;
  logger: boolean;
}

/** What DIR turned out to be: a scan directory's services, or one service directory's. */
export interface Listing {
  kind: "scandir" | "servicedir";
  entries: ServiceEntry[];
}

/** DIR holds neither services nor a scanner's .s6-svscan: `ts6 status` was pointed at the wrong place. */
export class NotAScanDir extends Error {}

/*
 * The services s6-svscan would supervise in scandir: no dot names, symlinks
 * followed, anything but a directory ignored, and a directory reached by
 * several names listed once (s6-svscan knows it by device and inode, and
 * supervises it once); each followed by its logger when it has a log/
 * directory (never for s6-svscan-log, which s6-svscan never gives a logger).
 * Only directories with a run file (even a broken one, which is worth
 * showing), or with a supervisor running on them (whose run is missing, which
 * the NOTE says), count: a docs/ or node_modules/ next to them is not a service.
 * DIR itself holding a run file is one service directory, shown alone.
 */
export function listServices(dir: string): Listing {
  if (hasRun(dir)) {
    const name = basename(resolve(dir));
    return { kind: "servicedir", entries: withLogger(name, dir) };
  }
  const names = readdirSync(dir).filter((n) => !n.startsWith(".")).sort(byteOrder);
  const entries: ServiceEntry[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const sub = join(dir, name);
    const st = dirStat(sub);
    if (st === undefined || !(hasRun(sub) || supervised(sub))) continue;
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) continue;
    seen.add(id);
    entries.push(...withLogger(name, sub));
  }
  if (entries.length === 0 && dirStat(join(dir, ".s6-svscan")) === undefined) {
    throw new NotAScanDir(`${dir} is not a scan directory: no service directory (one with a run file) in it`);
  }
  return { kind: "scandir", entries };
}

function withLogger(name: string, dir: string): ServiceEntry[] {
  const out = [{ name, dir, logger: false }];
  const log = join(dir, "log");
  if (name !== SPECIAL_LOGGER && dirStat(log) !== undefined) out.push({ name: `${name}/log`, dir: log, logger: true });
  return out;
}

/* lstat: a dangling run link is still a service, one the NOTE explains. */
function hasRun(dir: string): boolean {
  try {
    lstatSync(join(dir, "run"));
    return true;
  } catch {
    return false;
  }
}

function supervised(dir: string): boolean {
  try {
    return isSupervised(dir);
  } catch {
    return false; // a lock it cannot open: nothing a person can act on here
  }
}

function dirStat(path: string): Stats | undefined {
  try {
    const st = statSync(path);
    return st.isDirectory() ? st : undefined;
  } catch {
    return undefined;
  }
}

/* The order ls(1) gives in the C locale, independent of the user's locale. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
