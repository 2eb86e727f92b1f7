import { type Stats, lstatSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * How long a service directory must go without a change before a watching
 * scanner registers it. Tools that build a directory in place (a script's
 * mkdir, write, chmod; s6-instance-maker writing run and then log/) finish
 * within a few milliseconds; a directory moved in whole is old already.
 */
export const QUIET_MS = 50;

/** Whether a directory the watch found can be supervised yet, and what to watch until it can. */
export type Wholeness =
  | { whole: true }
  /** `watch`: the directories whose changes may complete it; `retryAt`: epoch ms when it will have been quiet long enough. */
  | { whole: false; watch: string[]; retryAt?: number };

const WHOLE: Wholeness = { whole: true };

/**
 * A service directory is whole when it has a `run` file, its `log/`, if
 * there is one, has a `run` too, and none of these was modified in the
 * last QUIET_MS. A `run` not executable yet is waited for while it is
 * fresh (written, then chmod +x); one that stays so is supervised, and
 * fails, as s6-supervise would. A failed stat other than "not there" is
 * left for the scan and the supervisor to report, as without the watch.
 */
export function serviceWholeness(dir: string, now = Date.now()): Wholeness {
  const self = statOrMissing(dir);
  const run = statOrMissing(join(dir, "run"));
  if (self === "error" || run === "error") return WHOLE;
  if (self === undefined) return WHOLE;
  if (run === undefined || !run.isFile()) return unusableRun(dir, now);
  const runWait = notExecutableYet(run, dir, now);
  if (runWait !== undefined) return runWait;
  const log = logWholeness(dir, now);
  if (log === "absent") return quiet([self, run], [dir], now);
  if (!log.whole) return { ...log, watch: [dir, ...log.watch] };
  return quiet([self, run], [dir], now);
}

/**
 * The same test for `dir/log` alone: "absent" when there is no log/ (or
 * it is not a directory), which is also what a registered service asks
 * before it gains a logger.
 */
export function logWholeness(dir: string, now = Date.now()): Wholeness | "absent" {
  const logDir = join(dir, "log");
  const log = statOrMissing(logDir);
  if (log === "error" || log === undefined || !log.isDirectory()) return "absent";
  const run = statOrMissing(join(logDir, "run"));
  if (run === "error") return WHOLE;
  if (run === undefined || !run.isFile()) return { whole: false, watch: [logDir] };
  return notExecutableYet(run, logDir, now) ?? quiet([log, run], [logDir], now);
}

function quiet(stats: ReadonlyArray<Pick<Stats, "mtimeMs">>, watch: string[], now: number): Wholeness {
  const newest = Math.max(...stats.map((s) => s.mtimeMs));
  const age = now - newest;
  // Date.now() counts whole milliseconds, file times finer: a file written
  // this millisecond may look a little ahead. Further ahead (a clock set
  // back, files unpacked from elsewhere) is not a change in progress.
  if (age >= QUIET_MS || age <= -QUIET_MS) return WHOLE;
  return { whole: false, watch, retryAt: newest + QUIET_MS };
}

/** A run file without its x bit, changed lately: it is likely to get it. Undefined when run will do. */
function notExecutableYet(run: Stats, dir: string, now: number): Wholeness | undefined {
  if ((run.mode & 0o111) !== 0) return undefined;
  // chmod changes ctime, not mtime.
  const fresh = quiet([{ mtimeMs: run.ctimeMs }], [dir], now);
  return fresh.whole ? undefined : fresh;
}

/**
 * No run file to follow: none at all (waited for), or one that is there
 * but unusable, a dangling link or not a file. That one is waited for
 * while it is fresh (a link made before its target), then supervised, and
 * fails as s6-supervise would, where `ts6 status` can say why.
 */
function unusableRun(dir: string, now: number): Wholeness {
  const link = statOrMissing(join(dir, "run"), (p) => lstatSync(p, { throwIfNoEntry: false }));
  if (link === undefined) return { whole: false, watch: [dir] };
  if (link === "error") return WHOLE;
  return quiet([{ mtimeMs: link.ctimeMs }], [dir], now);
}

/** Missing (ENOENT, ENOTDIR) is undefined without an exception: every new service is asked this. */
function statOrMissing(path: string, stat: (p: string) => Stats | undefined = (p) => statSync(p, { throwIfNoEntry: false })): Stats | undefined | "error" {
  try {
    return stat(path);
  } catch {
    return "error";
  }
}
