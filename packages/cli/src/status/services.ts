import { type Stats, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { SPECIAL_LOGGER } from "@ts6/protocol";

/** A service directory as s6-svscan names it: "foo", or "foo/log" for its logger. */
export interface ServiceEntry {
  name: string;
  dir: string;
  logger: boolean;
}

/*
 * The services s6-svscan would supervise in scandir: no dot names, symlinks
 * followed, anything but a directory ignored, and a directory reached by
 * several names listed once (s6-svscan knows it by device and inode, and
 * supervises it once); each followed by its logger when it has a log/
 * directory (never for s6-svscan-log, which s6-svscan never gives a logger).
 */
export function listServices(scandir: string): ServiceEntry[] {
  const names = readdirSync(scandir).filter((n) => !n.startsWith(".")).sort(byteOrder);
  const out: ServiceEntry[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const dir = join(scandir, name);
    const st = dirStat(dir);
    if (st === undefined) continue;
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ name, dir, logger: false });
    const log = join(dir, "log");
    if (name !== SPECIAL_LOGGER && dirStat(log) !== undefined) out.push({ name: `${name}/log`, dir: log, logger: true });
  }
  return out;
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
