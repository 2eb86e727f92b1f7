import { checkFd } from "./args.js";
import { sys } from "./errors.js";
import { type NativeSpawnArgs, native } from "./binding.js";

export interface SpawnOptions {
  /** Passed to exec as is: no PATH search; relative to `cwd`. */
  file: string;
  argv: readonly string[];
  /** Default: the daemon's. */
  cwd?: string;
  /** "K=V" strings. Default: the current `process.env`. */
  env?: readonly string[];
  /** The child's complete fd table: [child fd, parent fd]. Nothing else is
   * inherited, whatever its close-on-exec flag. */
  fds: ReadonlyArray<readonly [child: number, parent: number]>;
  /** Default true. */
  setsid?: boolean;
  /** Without setsid: put the child in a new process group of its own (for job control). */
  newGroup?: boolean;
}

function currentEnv(): string[] {
  return Object.entries(process.env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
}

function flatten(fds: SpawnOptions["fds"]): Int32Array {
  const flat = new Int32Array(fds.length * 2);
  const seen = new Set<number>();
  fds.forEach(([child, parent], i) => {
    checkFd(child, "child fd");
    checkFd(parent, "parent fd");
    if (seen.has(child)) throw new RangeError(`child fd ${child} is mapped twice`);
    seen.add(child);
    flat[2 * i] = child;
    flat[2 * i + 1] = parent;
  });
  return flat;
}

/**
 * Starts a program with default dispositions for every signal, an empty
 * signal mask and exactly the fds in `opts.fds`. Returns its pid once it has
 * exec'd; a failed exec throws (ENOENT, EACCES, ENOEXEC...) and leaves no
 * child behind. Reap it with `reap()`. The calling thread waits only for the
 * child's exec to let go of our memory (vfork's cost, not fork's): well
 * under a millisecond on a quiet machine, whatever the number of open fds.
 */
export function spawn(opts: SpawnOptions): number {
  const args = nativeArgs(opts);
  return sys(() => native.spawn(...args));
}

/**
 * Reserves eight low fds (dups of /dev/null) through which every later spawn
 * hands the child its fds, so that the child need not copy this process's
 * whole fd table: without them a spawn costs more the more fds are open
 * (2 ms at 15,000). For a daemon that holds many fds; call it at start,
 * while few are open. Returns whether they could be made (a spawn works
 * either way).
 */
export function reserveSpawnSlots(): boolean {
  return native.reserveSpawnSlots();
}

function nativeArgs(opts: SpawnOptions): NativeSpawnArgs {
  const fdmap = flatten(opts.fds);
  return [opts.file, opts.argv, opts.cwd ?? null, opts.env ?? currentEnv(), fdmap, opts.setsid ?? true, opts.newGroup ?? false];
}

/**
 * Replaces this process: every signal back to its default, an empty mask,
 * no fd above 2, then execve. Returns only by throwing, and then the process
 * is as it was (handlers and mask restored; fds above 2 are left
 * close-on-exec).
 */
export function execve(file: string, argv: readonly string[], env: readonly string[]): never {
  return sys(() => native.execve(file, argv, env));
}
