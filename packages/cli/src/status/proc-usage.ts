import { readFileSync, readdirSync } from "node:fs";

/** What the processes of one session use: CPU over the sample, resident memory now. */
export interface Usage {
  cpuPercent: number;
  memoryBytes: number;
}

/* USER_HZ: the unit of /proc/PID/stat's times, 100 on every Linux port in use. */
const TICKS_PER_SECOND = 100;
const SAMPLE_MS = 200;

interface Sample {
  /** session id -> CPU ticks (user + system) of its live processes */
  ticks: Map<number, number>;
  /** session id -> pids */
  pids: Map<number, number[]>;
  at: number;
}

/*
 * s6 starts each service in a session of its own whose id is the run
 * process's pid: everything the service started and did not move away
 * is in it. /proc/PID/stat: "pid (comm) state ppid pgrp session ... utime
 * stime" (fields 14 and 15), and comm may hold spaces or parentheses.
 */
function sample(sessions: ReadonlySet<number>): Sample {
  const ticks = new Map<number, number>();
  const pids = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "latin1");
    } catch {
      continue; // gone between the listing and the read
    }
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const session = Number(f[3]);
    if (!sessions.has(session) || f[0] === "Z") continue;
    ticks.set(session, (ticks.get(session) ?? 0) + Number(f[11]) + Number(f[12]));
    pids.set(session, [...(pids.get(session) ?? []), Number(entry)]);
  }
  return { ticks, pids, at: performance.now() };
}

function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

/**
 * CPU (percent of one core, over a short sample) and resident memory of
 * each running service's session, keyed by the run process's pid.
 */
export async function sessionUsage(runPids: readonly number[]): Promise<Map<number, Usage>> {
  const out = new Map<number, Usage>();
  if (runPids.length === 0) return out;
  const sessions = new Set(runPids);
  const first = sample(sessions);
  await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
  const second = sample(sessions);
  const seconds = (second.at - first.at) / 1000;
  for (const sid of runPids) {
    const pids = second.pids.get(sid);
    if (pids === undefined) continue;
    const used = (second.ticks.get(sid) ?? 0) - (first.ticks.get(sid) ?? 0);
    out.set(sid, {
      cpuPercent: Math.round(Math.max(0, (used / TICKS_PER_SECOND / seconds) * 1000)) / 10,
      memoryBytes: pids.reduce((sum, pid) => sum + rssBytes(pid), 0),
    });
  }
  return out;
}
