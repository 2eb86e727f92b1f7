import { createRequire } from "node:module";

/**
 * The addon as C exports it: positional arguments, flat arrays, and failures
 * thrown as plain `{ errno, syscall, path? }` objects with a positive errno.
 * Only this package's wrappers talk to it.
 */
/** What the addon's spawn and spawnAsync take, in order. */
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
  spawnAsync(...args: [...NativeSpawnArgs, callback: (err: unknown, pid: number | undefined) => void]): void;
  tcsetpgrp(fd: number, pgrp: number): void;
  getpgrp(): number;
  ignoreJobControlSignals(): void;
  execve(file: string, argv: readonly string[], env: readonly string[]): never;
  /** [pid, wstat, pid, wstat, ...] */
  reap(): number[];
  setSubreaper(on: boolean): void;
  isSubreaper(): boolean;
  /** [read, write] */
  pipe(): [number, number];
  dup(fd: number): number;
  dup2(oldfd: number, newfd: number): void;
  cloexecFrom(lowfd: number): void;
  setNonblock(fd: number, on: boolean): void;
  mkfifo(path: string, mode: number): void;
  lock(fd: number): boolean;
  unlock(fd: number): void;
  testLock(fd: number): boolean;
  pidfdOpen(pid: number): number;
  /** Returns the function that stops the watch. */
  watchReadable(fd: number, callback: () => void): () => void;
}

export const native = createRequire(import.meta.url)(
  "../build/Release/ts6_native.node",
) as NativeBinding;
