import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Fds one supervisor keeps for its life: the service directory, supervise/lock, supervise/control. */
export const FDS_PER_SUPERVISOR = 3;
/**
 * What starting the supervisor of `dir` takes from the budget: its own fds,
 * and with notification-fd the read end of its service's notification pipe,
 * held until the service is ready. At a cold start every service is started
 * before any is ready: a tree that fits once ready may not fit until then.
 */
export function fdsToStart(dir: string): number {
  try {
    return FDS_PER_SUPERVISOR + (statSync(join(dir, "notification-fd"), { throwIfNoEntry: false }) === undefined ? 0 : 1);
  } catch {
    // Unreadable: the supervisor will say so when it starts; count the pipe.
    return FDS_PER_SUPERVISOR + 1;
  }
}

/** A logged service: two supervisors and the two ends of the pipe between them. */
export const FDS_PER_LOGGED_SERVICE = 2 * FDS_PER_SUPERVISOR + 2;

export interface FdLimit {
  soft: number;
  hard: number;
}

/**
 * The daemon's open files, against RLIMIT_NOFILE. A supervisor is started
 * only when its fds fit with a reserve to spare: running supervisors need
 * a few fds for a moment at each step (status.new, event/ fifos, the
 * notification pipe, spawn), and a service that has a supervisor must keep
 * it working when fds run short. Counted at each scan, charged for each
 * start in between.
 */
export class FdBudget {
  private left = Infinity;
  limit: FdLimit = { soft: Infinity, hard: Infinity };
  /** Open at the last count, plus what was taken since. */
  open = 0;

  /** Looks again at the limit (it may have been raised: prlimit) and at the fds open now. */
  refresh(): void {
    this.limit = readFdLimit() ?? this.limit;
    this.open = countOpenFds() ?? this.limit.soft;
    this.left = this.limit.soft - this.open - reserveFor(this.limit.soft);
  }

  /** Takes `n` fds from what is left, if they fit. */
  take(n: number): boolean {
    if (n > this.left) return false;
    this.left -= n;
    this.open += n;
    return true;
  }

  /** Nothing fits until the next count: an EMFILE says the count was wrong. */
  exhaust(): void {
    this.left = 0;
  }
}

/** An eighth of the limit, 16 to 64 fds. */
export function reserveFor(limit: number): number {
  return Math.min(64, Math.max(16, Math.floor(limit / 8)));
}

/** RLIMIT_NOFILE from /proc/self/limits (Node has no getrlimit); undefined when unreadable. */
export function readFdLimit(): FdLimit | undefined {
  let text: string;
  try {
    text = readFileSync("/proc/self/limits", "latin1");
  } catch {
    return undefined;
  }
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (m === null) return undefined;
  const num = (s: string | undefined): number => (s === undefined || s === "unlimited" ? Infinity : Number(s));
  return { soft: num(m[1]), hard: num(m[2]) };
}

/** Fds open in this process now (the one used to count them aside); undefined when that fails (EMFILE). */
export function countOpenFds(): number | undefined {
  try {
    return readdirSync("/proc/self/fd").length - 1;
  } catch {
    return undefined;
  }
}
