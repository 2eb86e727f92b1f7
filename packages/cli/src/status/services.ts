import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** A service directory as s6-svscan names it: "foo", or "foo/log" for its logger. */
export interface ServiceEntry {
  name: string;
  dir: string;
  logger: boolean;
}

/*
 * The services s6-svscan would supervise in scandir: no dot names, symlinks
 * followed, anything but a directory ignored; each followed by its logger
 * when it has a log/ directory (never for s6-svscan-log, which s6-svscan
 * never gives a logger).
 */
export function listServices(scandir: string): ServiceEntry[] {
  const names = readdirSync(scandir).filter((n) => !n.startsWith(".")).sort(byteOrder);
  const out: ServiceEntry[] = [];
  for (const name of names) {
    const dir = join(scandir, name);
    if (!isDir(dir)) continue;
    out.push({ name, dir, logger: false });
    const log = join(dir, "log");
    if (name !== "s6-svscan-log" && isDir(log)) out.push({ name: `${name}/log`, dir: log, logger: true });
  }
  return out;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/* The order ls(1) gives in the C locale, independent of the user's locale. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
