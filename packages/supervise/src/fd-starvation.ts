import { waitingForFdsPath, writeWaitingForFds } from "@ts6/protocol";
import { errnoCode, errorText } from "./errors.js";
import { FdBudget, countOpenFds, reserveFor } from "./fd-budget.js";
import type { Logger } from "./log.js";
import { RateLimitedLog } from "./rate-limited-log.js";

const SECOND = 1000;
const MAX_BACKOFF_MS = 8 * SECOND;

interface Waiting {
  tries: number;
  /** Monotonic-free epoch ms: compared with Date.now() only. */
  retryAt: number;
  cost: number;
}

/** Whether an error means the process (or the system) is out of fds. */
export function outOfFds(code: string | undefined): boolean {
  return code === "EMFILE" || code === "ENFILE";
}

/**
 * The supervisors that could not start for want of fds: each waits with a
 * back-off (1 s doubling to 8 s) and is tried again at once when a
 * supervisor exits and gives fds back; warnings are rate-limited. The
 * services that have a supervisor keep it: only new starts wait.
 */
export class FdStarvation {
  readonly budget = new FdBudget();
  private readonly waiting = new Map<string, Waiting>();
  private readonly warnings: RateLimitedLog;
  private recovered = 0;
  private published = "";

  constructor(private readonly log: Logger) {
    this.warnings = new RateLimitedLog(log);
  }

  /** The supervisor names waiting for fds now. */
  get names(): ReadonlySet<string> {
    return new Set(this.waiting.keys());
  }

  /** Epoch ms before which `name` is not tried again; 0 when it may be tried now. */
  retryAt(name: string): number {
    const w = this.waiting.get(name);
    return w === undefined || w.retryAt <= Date.now() ? 0 : w.retryAt;
  }

  /** Takes `cost` fds for `name`, or puts it to wait (and says so, within the rate). */
  reserve(name: string, cost: number): boolean {
    if (this.budget.take(cost)) return true;
    this.starve(name, cost);
    return false;
  }

  /** An operation of `name` failed with EMFILE or ENFILE: the count was off, nothing more fits until the next. */
  failed(name: string, cost: number): void {
    this.budget.exhaust();
    this.starve(name, cost);
  }

  started(name: string): void {
    if (this.waiting.delete(name)) this.recovered++;
  }

  /** After a scan: one line for the supervisors that waited for fds and got them. */
  report(): void {
    if (this.recovered === 0) return;
    this.log.info(
      { started: this.recovered, waiting: this.waiting.size },
      `${supervisors(this.recovered)} that waited for fds started; ${this.waiting.size} still waiting`,
    );
    this.recovered = 0;
  }

  /** After a scan: what waits for a directory no longer there waits no more. */
  keepOnly(present: readonly string[]): void {
    if (this.waiting.size === 0) return;
    const here = new Set(present);
    for (const name of this.waiting.keys()) {
      if (!here.has(name.endsWith("/log") ? name.slice(0, -"/log".length) : name)) this.waiting.delete(name);
    }
  }

  /** A supervisor exited: what waits is tried at the next scan. */
  freed(): boolean {
    for (const w of this.waiting.values()) w.retryAt = 0;
    return this.waiting.size > 0;
  }

  /** A warning that fds ran out somewhere else (the scan directory's opendir), within the same rate. */
  warn(fields: object, msg: string): void {
    this.warnings.warn(fields, msg);
  }

  /** `.s6-svscan/waiting-for-fds` in `scandir`, for `ts6 status`, when the list changed. */
  publish(scandir: string): void {
    const names = [...this.waiting.keys()].sort();
    const text = names.join("\n");
    if (text === this.published) return;
    try {
      writeWaitingForFds(scandir, names);
      this.published = text;
    } catch (err) {
      const file = waitingForFdsPath(scandir);
      this.warnings.warn({ file, code: errnoCode(err) }, `unable to write ${file}: ${errorText(err)}`);
    }
  }

  /** The scanner is leaving: nobody waits any more. */
  unpublish(scandir: string): void {
    try {
      if (this.published !== "") writeWaitingForFds(scandir, []);
    } catch {
      // A stale list names services nobody supervises any more: ts6 status says so anyway.
    }
  }

  /** After the first scan: one warning, with the numbers, when the hard limit is too low for the scan directory. */
  warnIfShort(): void {
    if (this.waiting.size === 0) return;
    const { soft, hard } = this.budget.limit;
    const open = countOpenFds() ?? this.budget.open;
    let more = 0;
    for (const w of this.waiting.values()) more += w.cost;
    const needed = open + more + reserveFor(hard);
    this.log.warn(
      { soft, hard, open, needed, waiting: this.waiting.size },
      `the open files limit (${String(soft)}, hard ${String(hard)}) is below what this scan directory needs (about ${needed}): ` +
        `${supervisors(this.waiting.size)} wait for fds; raise the limit (ulimit -n, LimitNOFILE=, docker run --ulimit nofile=)`,
    );
  }

  private starve(name: string, cost: number): void {
    const w = this.waiting.get(name) ?? { tries: 0, retryAt: 0, cost };
    w.tries++;
    w.cost = cost;
    const wait = Math.min(MAX_BACKOFF_MS, SECOND * 2 ** (w.tries - 1));
    w.retryAt = Date.now() + wait;
    this.waiting.set(name, w);
    const { soft } = this.budget.limit;
    this.warnings.warn(
      { service: name, code: "EMFILE", limit: soft, open: this.budget.open },
      `not supervising ${name}: too many open files (limit ${String(soft)}, ${this.budget.open} in use); retrying in ${wait / SECOND} s`,
    );
  }
}

function supervisors(n: number): string {
  return n === 1 ? "1 supervisor" : `${n} supervisors`;
}
