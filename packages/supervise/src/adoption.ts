import { readFileSync } from "node:fs";
import { watchExit } from "@ts6/native";
import { type SupervisorStatus, errnoCode, readStatusFileIfAny, tainToUnixMs } from "@ts6/protocol";
import type { ChildWatch } from "./children.js";
import { errorText } from "./errors.js";
import { outOfFds } from "./fd-starvation.js";
import type { Logger } from "./log.js";
import { fail } from "./supervise-dir.js";

/**
 * How far a process's start time (from /proc, 10 ms ticks, against a boot
 * time known to the second) may be from the stamp its supervisor wrote
 * when it spawned it. A pid reused by another program since would have
 * to be a session leader started within this window.
 */
const START_TOLERANCE_MS = 5000;
/** Linux's USER_HZ, what /proc counts start times in, on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/**
 * The exit status given for the death of an adopted process: it is not our
 * child, so its real status is lost with the supervisor that spawned it.
 * It reads as "exit code 0" (finish gets "0 0", s6-svstat "down (exitcode 0)").
 */
export const UNKNOWN_WSTAT = 0;

/** A run (or finish) left running by a supervisor that died, found through the status file it left. */
export interface Orphan {
  pid: number;
  /** It is the finish script: its run had already died. */
  finishing: boolean;
  /** The status the dead supervisor last wrote. */
  status: SupervisorStatus;
  /**
   * It is this process's own child: its supervisor left without it (a
   * broken control FIFO) and the scanner started another. Its exit status
   * can then be had from waitpid, as for any child.
   */
  ourChild: boolean;
}

/**
 * The process named by `dir`/supervise/status, if it is still the one that
 * status describes: alive, a session leader (run and finish always are,
 * by setsid), started when the status says it was. Only called by a
 * supervisor that holds supervise/lock, so the writer of that status is gone.
 */
export function findOrphan(dir: string): Orphan | undefined {
  let status: SupervisorStatus | undefined;
  try {
    status = readStatusFileIfAny(dir);
  } catch {
    return undefined;
  }
  if (status === undefined || status.pid <= 0) return undefined;
  const stat = procStat(status.pid);
  if (stat === undefined || !isTheProcess(status.pid, tainToUnixMs(status.stamp))) return undefined;
  return { pid: status.pid, finishing: status.finishing, status, ourChild: stat.ppid === process.pid };
}

export interface WatchedOrphan extends Orphan {
  /** Its death will be heard of; false: it must be stopped before a new copy starts. */
  watched: boolean;
  /** Stops listening for its death (the supervisor is leaving). */
  stop(): void;
}

/**
 * Listens for the orphan's death: through the Reaper if it is still our
 * own child (its status is then known), else through a pidfd (it is then
 * UNKNOWN_WSTAT). No pidfd to be had but for want of fds: not watched, and
 * a warning that it will be stopped.
 * @throws SupervisorStartError when out of fds: the supervisor waits for
 * fds like any other, and the orphan is left running meanwhile.
 */
export function watchOrphan(o: Orphan, children: ChildWatch, onDeath: (wstat: number) => void, log: Logger): WatchedOrphan {
  if (o.ourChild) {
    children.watch(o.pid, onDeath);
    return { ...o, watched: true, stop: () => undefined };
  }
  try {
    const stop = watchExit(o.pid, () => onDeath(UNKNOWN_WSTAT));
    return { ...o, watched: true, stop };
  } catch (err) {
    if (outOfFds(errnoCode(err))) throw fail("watch", `pid ${o.pid} left running by a previous supervisor`, err);
    log.warn({ pid: o.pid, code: errnoCode(err) }, `unable to watch pid ${o.pid} left running by a previous supervisor (${errorText(err)}): stopping it before starting a new one`);
    return { ...o, watched: false, stop: () => undefined };
  }
}

/** Whether `pid` is a live session leader that started within tolerance of `startedMs` (epoch ms). */
export function isTheProcess(pid: number, startedMs: number): boolean {
  const stat = procStat(pid);
  if (stat === undefined || stat.state === "Z" || stat.state === "X") return false;
  if (stat.session !== pid) return false;
  const boot = bootTimeMs();
  if (boot === undefined) return false;
  const start = boot + (stat.startTicks * 1000) / TICKS_PER_SECOND;
  return Math.abs(start - startedMs) <= START_TOLERANCE_MS;
}

interface ProcStat {
  state: string;
  ppid: number;
  session: number;
  startTicks: number;
}

function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return undefined;
  }
  // The command name, in parentheses, may hold spaces and parentheses itself.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  const ppid = Number(fields[1]);
  const session = Number(fields[3]);
  const startTicks = Number(fields[19]);
  if (state === undefined || !Number.isFinite(session) || !Number.isFinite(startTicks)) return undefined;
  return { state, ppid, session, startTicks };
}

let bootMs: number | undefined;

function bootTimeMs(): number | undefined {
  if (bootMs !== undefined) return bootMs;
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync("/proc/stat", "latin1"));
    if (m?.[1] !== undefined) bootMs = Number(m[1]) * 1000;
  } catch {
    // No /proc: nothing can be adopted.
  }
  return bootMs;
}

const EVICT_CHECK_MS = 100;
const EVICT_KILL_DEFAULT_MS = 5000;

/**
 * Stops an orphan that cannot be adopted (no pidfd: a kernel before 5.3):
 * its down-signal and SIGCONT, SIGKILL after timeout-kill (or 5 s), then
 * `gone` once it has exited. Without a pidfd there is no event for the
 * death of a process that is not our child: it is looked for every 100 ms.
 */
export function evictOrphan(pid: number, downSignal: number, timeoutKillMs: number, log: Logger, gone: () => void): void {
  const send = (sig: NodeJS.Signals | number): void => {
    try {
      process.kill(pid, sig);
    } catch {
      // Gone already: the next look says so.
    }
  };
  const started = readProcStart(pid);
  log.warn({ pid }, `stopping pid ${pid}, left running by a previous supervisor, before starting a new one`);
  send(downSignal);
  send("SIGCONT");
  const killAt = Date.now() + (timeoutKillMs > 0 ? timeoutKillMs : EVICT_KILL_DEFAULT_MS);
  let killed = false;
  const look = (): void => {
    const stat = procStat(pid);
    if (stat === undefined || stat.state === "Z" || stat.state === "X" || stat.startTicks !== started) {
      gone();
      return;
    }
    if (!killed && Date.now() >= killAt) {
      killed = true;
      send("SIGKILL");
    }
    setTimeout(look, EVICT_CHECK_MS);
  };
  setTimeout(look, EVICT_CHECK_MS);
}

function readProcStart(pid: number): number | undefined {
  return procStat(pid)?.startTicks;
}
