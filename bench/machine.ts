import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  s6: string;
  ts6: string;
  /** 1-minute load average when the run began: anything else running skews every figure. */
  load: number;
  pidMax: number;
}

function output(file: string, args: readonly string[], cwd?: string): string | undefined {
  try {
    return execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/** The commit, with "+dirty" when the engine's sources differ from it. */
function ts6Version(): string {
  const commit = output("git", ["rev-parse", "--short", "HEAD"], REPO) ?? "unknown";
  const dirty = output("git", ["status", "--porcelain", "--", "packages"], REPO);
  return dirty === undefined || dirty === "" ? commit : `${commit}+dirty`;
}

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: totalmem() / 2 ** 30,
    kernel: release(),
    node: process.version,
    s6: output("dpkg-query", ["-W", "-f", "${Version}", "s6"]) ?? "unknown",
    ts6: ts6Version(),
    load: loadavg()[0] ?? 0,
    pidMax: Number(readFileSync("/proc/sys/kernel/pid_max", "utf8")),
  };
}

export function formatMachine(m: Machine): string {
  return [
    `machine: ${m.nproc} CPU (${m.cpu}), ${m.memoryGiB.toFixed(1)} GiB, Linux ${m.kernel}, load ${m.load.toFixed(2)}, pid_max ${m.pidMax}`,
    `versions: node ${m.node}, s6 ${m.s6}, ts6 ${m.ts6}`,
  ].join("\n");
}
