import {
  type Stats, chmodSync, copyFileSync, lchownSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync,
} from "node:fs";
import { join } from "node:path";
import { errnoText } from "../clients/errno-text.js";

/** A copy that failed, with the path it failed on and the reason in words. */
export class CopyError extends Error {}

/**
 * --copy-from: copies a (read-only) service tree into the scan directory,
 * which is created if missing. Modes and symlinks (verbatim) are kept, and
 * owners too when running as root; a directory is made writable by its
 * owner, since its supervisor must create supervise/ and event/ in it. FIFOs, sockets and devices are skipped:
 * supervise/ and event/ are the supervisors' to make. What the scan
 * directory already holds and the source does not (supervise/ and event/
 * from a previous start on the same volume) is left alone, so that a
 * restarted container finds its tree as a first start would.
 */
export function copyServiceTree(from: string, to: string): void {
  let st: Stats;
  try {
    st = lstatSync(from);
  } catch (err) {
    throw new CopyError(`unable to read ${from}: ${errnoText(err)}`);
  }
  if (!st.isDirectory()) throw new CopyError(`${from} is not a directory`);
  copyDir(from, to, st);
}

function copyDir(from: string, to: string, st: Stats): void {
  const existing = kindAt(to);
  if (existing !== undefined && existing !== "dir") remove(to);
  // Writable by us while it is filled, whatever its final mode.
  attempt("create directory", to, () => (existing === "dir" ? chmodSync(to, 0o700) : mkdirSync(to, { mode: 0o700, recursive: true })));
  let names: string[];
  try {
    names = readdirSync(from);
  } catch (err) {
    throw new CopyError(`unable to read ${from}: ${errnoText(err)}`);
  }
  for (const name of names) copyEntry(join(from, name), join(to, name));
  finish(to, st, 0o200);
}

function copyEntry(from: string, to: string): void {
  let st: Stats;
  try {
    st = lstatSync(from);
  } catch (err) {
    throw new CopyError(`unable to read ${from}: ${errnoText(err)}`);
  }
  if (st.isDirectory()) return copyDir(from, to, st);
  if (!st.isFile() && !st.isSymbolicLink()) return;
  if (kindAt(to) !== undefined) remove(to);
  if (st.isSymbolicLink()) {
    const target = attempt("read link", from, () => readlinkSync(from));
    attempt("create symlink", to, () => symlinkSync(target, to));
    if (process.geteuid?.() === 0) attempt("change owner of", to, () => lchownSync(to, st.uid, st.gid));
    return;
  }
  attempt("copy to", to, () => copyFileSync(from, to));
  finish(to, st);
}

/** Gives the copy the source's mode (and owner, as root), the way cp -a does. */
function finish(to: string, st: Stats, extraMode = 0): void {
  if (process.geteuid?.() === 0) attempt("change owner of", to, () => lchownSync(to, st.uid, st.gid));
  attempt("change mode of", to, () => chmodSync(to, (st.mode & 0o7777) | extraMode));
}

function kindAt(path: string): "dir" | "other" | undefined {
  try {
    return lstatSync(path).isDirectory() ? "dir" : "other";
  } catch {
    return undefined;
  }
}

function remove(path: string): void {
  attempt("replace", path, () => rmSync(path, { recursive: true, force: true }));
}

function attempt<T>(what: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new CopyError(`unable to ${what} ${path}: ${errnoText(err)}`);
  }
}
