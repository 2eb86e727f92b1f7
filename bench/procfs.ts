import { readFileSync, readdirSync, readlinkSync } from "node:fs";

/** What /proc/PID/stat says of a process; undefined once it is gone. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
}

export function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return undefined;
  }
  // comm is in parentheses and may hold spaces or parentheses: it ends at the last ')'.
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  // Fields from the 3rd (state) on: ppid is the 4th.
  const rest = text.slice(close + 2).split(" ");
  return { pid, comm, ppid: Number(rest[1]) };
}

/** What the scheduler counted for a process, summed over its threads. */
export interface SchedTotals {
  /** CPU time (user + system), in ns. */
  cpuNs: number;
  /** Times a thread was put on a CPU: for a sleeping process, its wakeups. */
  slices: number;
}

/**
 * The scheduler's totals for every thread of a process, from
 * /proc/PID/task/TID/schedstat; undefined once the process is gone.
 * Not utime + stime from /proc/PID/stat: those come truncated to whole
 * clock ticks (10 ms) per process, so an s6-supervise that used 8 ms reads
 * 0, and a thousand of them sum to nothing.
 */
export function schedTotals(pid: number): SchedTotals | undefined {
  const totals = { cpuNs: 0, slices: 0 };
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const fields = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "latin1").split(" ");
      totals.cpuNs += Number(fields[0]);
      totals.slices += Number(fields[2]);
    }
  } catch {
    return undefined;
  }
  return totals;
}

/** Every live process whose parent is `ppid`. */
export function childrenOf(ppid: number): ProcStat[] {
  const out: ProcStat[] = [];
  for (const pid of allPids()) {
    const st = procStat(pid);
    if (st !== undefined && st.ppid === ppid) out.push(st);
  }
  return out;
}

/** A field of /proc/PID/smaps_rollup ("Pss", "Rss"...), in bytes; 0 once the process is gone. */
export function smapsRollup(pid: number, field: string): number {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps_rollup`, "latin1");
  } catch {
    return 0;
  }
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(text);
  if (m === null) throw new Error(`/proc/${pid}/smaps_rollup has no ${field} line`);
  return Number(m[1]) * 1024;
}

/** The cwd of a process, or undefined when it is gone or not ours to read. */
export function procCwd(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/** The pids of every process now alive. */
export function allPids(): number[] {
  return readdirSync("/proc").filter((n) => /^\d+$/.test(n)).map(Number);
}

/** What one process maps, from /proc/PID/smaps: anonymous bytes, and resident file bytes by file. */
export interface Mappings {
  anonymous: number;
  files: Map<string, number>;
}

/** undefined once the process is gone. */
export function mappings(pid: number): Mappings | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, "latin1");
  } catch {
    return undefined;
  }
  const out: Mappings = { anonymous: 0, files: new Map() };
  let file: string | undefined;
  let rss = 0;
  for (const line of text.split("\n")) {
    // A mapping's header: "start-end perms offset dev inode [path]"; inode 0 is not a file.
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (header !== null) {
      file = header[1] !== "0" ? header[2] : undefined;
      continue;
    }
    const field = /^(Rss|Anonymous):\s+(\d+) kB$/.exec(line);
    if (field === null) continue;
    const bytes = Number(field[2]) * 1024;
    if (field[1] === "Rss") {
      rss = bytes;
    } else {
      out.anonymous += bytes;
      // Anonymous always follows Rss: what is left of Rss is the file's own pages.
      if (file !== undefined) out.files.set(file, (out.files.get(file) ?? 0) + rss - bytes);
    }
  }
  return out;
}

/** How many fds a process has open; undefined once it is gone. */
export function fdCount(pid: number): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}
