import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { addonFiles, platform } from "../addon.cjs";

/**
 * The addon as C exports it: positional arguments, flat arrays, and failures
 * thrown as plain `{ errno, syscall, path? }` objects with a positive errno.
 * Only this package's wrappers talk to it.
 */
/** What the addon's spawn takes, in order. */
export type NativeSpawnArgs = [
  file: string,
  argv: readonly string[],
  cwd: string | null,
  env: readonly string[],
  fdmap: Int32Array,
  setsid: boolean,
  newgroup: boolean,
];

export interface NativeBinding {
  spawn(...args: NativeSpawnArgs): number;
  reserveSpawnSlots(): boolean;
  tcsetpgrp(fd: number, pgrp: number): void;
  getpgrp(): number;
  isatty(fd: number): boolean;
  ignoreJobControlSignals(): void;
  execve(file: string, argv: readonly string[], env: readonly string[]): never;
  /** [pid, wstat, pid, wstat, ...] */
  reap(): number[];
  setSubreaper(on: boolean): void;
  /** [read, write] */
  pipe(): [number, number];
  dup(fd: number): number;
  dup2(oldfd: number, newfd: number): void;
  cloexecFrom(lowfd: number): void;
  setNonblock(fd: number, on: boolean): void;
  mkfifo(path: string, mode: number): void;
  /** null: the file does not exist. */
  readSmall(path: string, max: number): Buffer | null;
  writeAtomic(path: string, data: Buffer): void;
  /** How many listeners got all of data. */
  notifyFifodir(dir: string, data: Buffer): number;
  appendRecord(path: string, record: Buffer, keep: number, maxBytes: number): void;
  lock(fd: number): boolean;
  testLock(fd: number): boolean;
  pidfdOpen(pid: number): number;
  /** Returns the function that stops the watch. */
  watchReadable(fd: number, callback: () => void): () => void;
  /** Arms faults (a bit mask) the addon then meets once each: for tests of the paths that must never lose a child. */
  injectFault(mask: number): void;
}

/** The first addon file that loads: a build from source, else a prebuild. */
function load(): NativeBinding {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const requireAddon = createRequire(import.meta.url);
  const refused: string[] = [];
  for (const file of addonFiles(root)) {
    try {
      return requireAddon(file) as NativeBinding;
    } catch (e) {
      // dlopen's messages start with the file's path: once is enough.
      const why = (e instanceof Error ? e.message : String(e)).replace(`${file}: `, "");
      refused.push(`\n  ${file} does not load here: ${why}`);
    }
  }
  const err: NodeJS.ErrnoException = new Error(
    `ts6's native addon does not load on ${platform}${refused.join("")}\n` +
      "It is built when ts6 is installed, which needs python3, make and a C and C++ compiler " +
      "where no prebuild fits: install them, then run `npm rebuild ts6` (`npm rebuild -g ts6` " +
      "for a global install).",
  );
  err.code = "TS6_NO_ADDON";
  throw err;
}

export const native = load();
