import { type Stats, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

export interface Entry {
  name: string;
  /** file, fifo, dir, symlink or other */
  type: string;
  /** Permission bits with setuid/setgid/sticky, octal. */
  mode: string;
  size: number;
}

function typeOf(st: Stats): string {
  if (st.isFIFO()) return "fifo";
  if (st.isDirectory()) return "dir";
  if (st.isSymbolicLink()) return "symlink";
  if (st.isFile()) return "file";
  return "other";
}

/** The entries of `dir`, sorted by name: what a differential test compares. */
export function listDir(dir: string): Entry[] {
  return readdirSync(dir).sort().map((name) => {
    const st = lstatSync(join(dir, name));
    return { name, type: typeOf(st), mode: (st.mode & 0o7777).toString(8), size: st.isDirectory() ? 0 : st.size };
  });
}

/** supervise/ of a service dir, and the mode of supervise/ and event/ themselves. */
export function superviseSnapshot(servicedir: string): { supervise: Entry[]; dirs: Record<string, string> } {
  const mode = (p: string): string => (lstatSync(join(servicedir, p)).mode & 0o7777).toString(8);
  return { supervise: listDir(join(servicedir, "supervise")), dirs: { supervise: mode("supervise"), event: mode("event") } };
}
