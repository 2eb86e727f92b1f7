import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface Limits {
  openFiles: { soft: number; hard: number };
  processes: { soft: number; hard: number };
}

function limit(name: string): { soft: number; hard: number } {
  const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith(name));
  const [soft, hard] = (line ?? "").slice(name.length).trim().split(/\s+/);
  const num = (s: string | undefined): number => (s === "unlimited" ? Infinity : Number(s));
  return { soft: num(soft), hard: num(hard) };
}

export function currentLimits(): Limits {
  return { openFiles: limit("Max open files"), processes: limit("Max processes") };
}

/**
 * Raises this process's limits on open files and processes (the scanners
 * inherit them) through prlimit(1) on our own pid: the soft limits to what a
 * tree of n services needs, and past the hard limits where this process may
 * (root may, up to fs.nr_open); otherwise the soft limits to the hard ones.
 * What it cannot raise, it leaves; shortfall() says whether that is enough.
 */
export function raiseLimits(n: number): Limits {
  const nrOpen = Number(readFileSync("/proc/sys/fs/nr_open", "utf8"));
  const wanted = { openFiles: Math.min(openFilesFor(n), nrOpen), processes: processesFor(n) };
  const prlimit = (pick: (l: { soft: number; hard: number }, want: number) => number): void => {
    const now = currentLimits();
    const args: string[] = [];
    for (const [flag, key] of [["--nofile", "openFiles"], ["--nproc", "processes"]] as const) {
      const l = now[key];
      const to = pick(l, wanted[key]);
      if (l.soft < to) args.push(`${flag}=${to === Infinity ? "unlimited" : to}:${Math.max(to, l.hard) === Infinity ? "unlimited" : Math.max(to, l.hard)}`);
    }
    if (args.length > 0) spawnSync("prlimit", ["--pid", String(process.pid), ...args], { stdio: "ignore" });
  };
  prlimit((l, want) => Math.max(l.hard, want));
  // Refused (not root): the hard limits are as far as it goes.
  prlimit((l) => l.hard);
  return currentLimits();
}

/**
 * The open files one process needs for a tree of n services. ts6-svscan
 * holds 3 per service (the directory, supervise/lock, supervise/control:
 * the fds figure measures it), and the read end of the notification pipe
 * from a service's start to its readiness (both ends only during the spawn,
 * one at a time): at most 4 per service, fewer in practice as services
 * become ready while others start. The bench's event listeners take
 * 2 per service, in its own process; s6 spreads its fds over one process
 * per service.
 */
export function openFilesFor(n: number): number {
  return 3 * n + 256;
}

/** s6 runs an s6-supervise and a service per service. */
function processesFor(n: number): number {
  return 2 * n + 256;
}

/** @returns what is short for n services, if anything. */
export function shortfall(l: Limits, n: number): string | undefined {
  if (n <= 1) return undefined;
  const fds = openFilesFor(n);
  const procs = processesFor(n);
  const short: string[] = [];
  if (l.openFiles.soft < fds) short.push(`open files ${l.openFiles.soft} < ${fds} (ulimit -n)`);
  if (l.processes.soft < procs) short.push(`processes ${l.processes.soft} < ${procs} (ulimit -u)`);
  return short.length > 0 ? short.join(", ") : undefined;
}
