import { readFileSync, readdirSync } from "node:fs";

interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  session: number;
}

/* /proc/PID/stat is "pid (comm) state ppid pgrp session ...", and comm may hold spaces or parentheses. */
function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const [state, ppid, , session] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, state: state!, ppid: Number(ppid), session: Number(session) };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync("/proc")
    .filter((e) => /^[0-9]+$/.test(e))
    .map((e) => readStat(Number(e)))
    .filter((s): s is ProcStat => s !== undefined && s.state !== "Z");
}

/**
 * `pid` and every live process descended from it, found through /proc.
 * Services run in sessions of their own (s6 setsids them), so a process
 * group does not reach them; parentage does, while their supervisor lives.
 */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of allProcesses()) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const out: number[] = [];
  const todo = readStat(pid) === undefined ? [] : [pid];
  while (todo.length > 0) {
    const p = todo.pop()!;
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

/** The session ids of these processes (those still alive). */
export function sessionsOf(pids: readonly number[]): Set<number> {
  return new Set(pids.map((p) => readStat(p)?.session).filter((s): s is number => s !== undefined));
}

/** Live processes in any of these sessions: what is left of a service after its supervisor is gone. */
export function processesInSessions(sessions: ReadonlySet<number>): number[] {
  return allProcesses().filter((p) => sessions.has(p.session)).map((p) => p.pid);
}

/**
 * Resolves once none of `pids` runs any more (gone, or a zombie), or after
 * `timeout` ms. They are not our children, and Node offers no pidfd to be
 * told of their death, so /proc is looked at again every few milliseconds:
 * after SIGKILL that takes one or two looks.
 */
export async function whenGone(pids: readonly number[], timeout: number): Promise<void> {
  const deadline = performance.now() + timeout;
  let left = pids;
  while (left.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    left = left.filter((p) => {
      const s = readStat(p);
      return s !== undefined && s.state !== "Z";
    });
  }
}
