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
 * Raises this process's soft limits on open files and processes to the hard
 * ones (the scanners inherit them), through prlimit(1) on our own pid.
 * What it cannot raise, it leaves; check() says whether that is enough.
 */
export function raiseLimits(): Limits {
  const now = currentLimits();
  const args: string[] = [];
  for (const [flag, l] of [["--nofile", now.openFiles], ["--nproc", now.processes]] as const) {
    if (l.soft < l.hard) args.push(`${flag}=${l.hard === Infinity ? "unlimited" : l.hard}:`);
  }
  if (args.length > 0) spawnSync("prlimit", ["--pid", String(process.pid), ...args], { stdio: "ignore" });
  return currentLimits();
}

/**
 * With n services a scanner needs about 3 fds per service (lock, control
 * fifo, notification pipe) and s6 2 processes per service; the bench's own
 * event listeners take 2 fds each. @returns what is short, if anything.
 */
export function shortfall(l: Limits, n: number): string | undefined {
  const fds = 4 * n + 256;
  const procs = 2 * n + 256;
  const short: string[] = [];
  if (l.openFiles.soft < fds) short.push(`open files ${l.openFiles.soft} < ${fds} (ulimit -n)`);
  if (l.processes.soft < procs) short.push(`processes ${l.processes.soft} < ${procs} (ulimit -u)`);
  return short.length > 0 ? short.join(", ") : undefined;
}
