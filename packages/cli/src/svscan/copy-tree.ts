import { errnoText } from "@ts6/protocol";
import {
  type Stats, accessSync, chmodSync, constants, copyFileSync, lchownSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync,
  symlinkSync,
} from "node:fs";
import { join } from "node:path";

/** A copy that failed, with the path it failed on and the reason in words. */
export class CopyError extends Error {}

/*
 * What belongs to a running supervisor or scanner, never to the tree: a
 * service's (or its logger's) supervise/ and event/, the scanner's lock and
 * control FIFO. A source taken from a live system may hold them; copied,
 * a stale lock would replace the one a live supervisor holds.
 */
const RUNTIME = /^(\.s6-svscan\/(lock|control)|[^/]+\/(log\/)?(supervise|event))$/;

/**
 * --copy-from: copies a (read-only) service tree into the scan directory,
 * which is created if missing. Modes and symlinks (verbatim) are kept, and
 * owners too when running as root; a directory is made writable by its
 * owner, since its supervisor must create supervise/ and event/ in it.
 * FIFOs, sockets and devices are skipped. What the scan directory already
 * holds and the source does not (supervise/ and event/ from a previous
 * start on the same volume) is left alone, so that a restarted container
 * finds its tree as a first start would. A scan directory that exists
 * (a mount point) keeps its own mode and owner.
 */
export function copyServiceTree(from: string, to: string): void {
  const st = statOf(from);
  if (!st.isDirectory()) throw new CopyError(`${from} is not a directory`);
  if (kindAt(to) === "dir") {
    if (!writable(to)) attempt("make writable", to, () => chmodSync(to, lstatSync(to).mode | 0o300));
    copyChildren(from, to, "");
  } else {
    copyDir(from, to, "", st);
  }
}

function copyDir(from: string, to: string, rel: string, st: Stats): void {
  const existing = kindAt(to);
  if (existing === "other") remove(to);
  // Writable by us while it is filled, whatever its final mode.
  attempt("create directory", to, () => (existing === "dir" ? chmodSync(to, 0o700) : mkdirSync(to, { mode: 0o700, recursive: true })));
  copyChildren(from, to, rel);
  finish(to, st, 0o200);
}

function copyChildren(from: string, to: string, rel: string): void {
  let names: string[];
  try {
    names = readdirSync(from);
  } catch (err) {
    throw new CopyError(`unable to read ${from}: ${errnoText(err)}`);
  }
  for (const name of names) {
    const childRel = rel === "" ? name : `${rel}/${name}`;
    if (!RUNTIME.test(childRel)) copyEntry(join(from, name), join(to, name), childRel);
  }
}

function copyEntry(from: string, to: string, rel: string): void {
  const st = statOf(from);
  if (st.isDirectory()) return copyDir(from, to, rel, st);
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

function statOf(path: string): Stats {
  try {
    return lstatSync(path);
  } catch (err) {
    throw new CopyError(`unable to read ${path}: ${errnoText(err)}`);
  }
}

function kindAt(path: string): "dir" | "other" | undefined {
  try {
    return lstatSync(path).isDirectory() ? "dir" : "other";
  } catch {
    return undefined;
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
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
