import { statSync } from "node:fs";
import { join } from "node:path";
import { monotonicMs } from "./clock.js";
import { errnoCode, errorText } from "./errors.js";
import { type FdStarvation, outOfFds } from "./fd-starvation.js";
import type { Logger } from "./log.js";
import { recoverLogPipe } from "./log-pipe-recovery.js";
import { SharedPipe } from "./shared-pipe.js";
import { LOGGER, SERVICE, type Slot } from "./slot.js";
import type { Supervisor } from "./supervisor.js";
import { type Wholeness, logWholeness } from "./whole-service.js";

/** A directory (or its log/) that cannot be looked at now is looked at again this much later, as in the scanner. */
const DIR_RETRY_MS = 3000;

export interface SlotMakerDeps {
  log: Logger;
  fds: FdStarvation;
  /** Look at the scan directory again in `ms` (at once when not positive). */
  retryLater(ms: number): void;
}

/**
 * What a scan does for one directory before its supervisors start: a new
 * slot and its log pipe (recovered from a logger that outlived the last
 * scanner, or made), the watch's test for a whole service, a logger for a
 * log/ that appears late, and the wait for fds.
 */
export class SlotMaker {
  constructor(private readonly d: SlotMakerDeps) {}

  /** A slot for a directory seen for the first time, with its log pipe if it has a log/; undefined (and a retry) when it cannot have one yet. */
  make(name: string, path: string, key: string, special: boolean): Slot | undefined {
    let logged = false;
    let p: Slot["pipe"] = { kind: "closed" };
    if (!special) {
      const logPath = join(path, "log");
      try {
        // Most services have no logger: an absent log/ must not cost an exception.
        logged = statSync(logPath, { throwIfNoEntry: false })?.isDirectory() ?? false;
      } catch (err) {
        this.d.log.warn({ file: logPath, code: errnoCode(err) }, `unable to stat ${logPath}: ${errorText(err)}`);
        this.d.retryLater(DIR_RETRY_MS);
        return undefined;
      }
      if (logged) {
        const made = this.openPipe(name, path);
        if (made === undefined) return undefined;
        p = { kind: "open", pipe: made };
      }
    }
    const now = monotonicMs();
    return { key, special, logged, pipe: p, active: false, sups: [undefined, undefined], restartAfter: [now, now] };
  }

  /** Whether a service (or its log/) can be supervised yet; if not, what to watch and when to look again. */
  isWhole(w: Wholeness, incomplete: Set<string>): boolean {
    if (w.whole) return true;
    for (const dir of w.watch) incomplete.add(dir);
    if (w.retryAt !== undefined) this.d.retryLater(w.retryAt - Date.now());
    return false;
  }

  /** A log/ that appeared after registration: its logger starts, and run's next start writes into the pipe. */
  lateLogger(slot: Slot, name: string, path: string, incomplete: Set<string>): void {
    const w = logWholeness(path);
    if (w === "absent") {
      incomplete.add(path);
      return;
    }
    if (!this.isWhole(w, incomplete)) return;
    const made = this.openPipe(name, path);
    if (made === undefined) return;
    slot.pipe = { kind: "open", pipe: made };
    slot.logged = true;
    slot.restartAfter[LOGGER] = 0;
    const sup = slot.sups[SERVICE];
    if (sup !== undefined) {
      sup.setStdout(slot.pipe.pipe.write);
      holdWhileAttached(sup, slot.pipe.pipe.hold("write"));
    }
    this.d.log.info({ service: name }, `${name}/log appeared: starting its logger; ${name} writes to it from its next start`);
  }

  /**
   * A log pipe for `name`'s service: the one its logger or the service still
   * uses if they outlived the previous scanner, or a new one; undefined (and
   * a retry) when there is none to be had.
   */
  private openPipe(name: string, path: string): SharedPipe | undefined {
    if (this.waitForFds(name) || !this.d.fds.reserve(name, 2)) {
      this.retryAt(this.d.fds.retryAt(name));
      return undefined;
    }
    try {
      const found = recoverLogPipe(path);
      if (found !== undefined) this.d.log.info({ service: name }, `recovered the log pipe of ${name} from its running logger or service`);
      const made = new SharedPipe(found);
      this.d.fds.started(name);
      return made;
    } catch (err) {
      const code = errnoCode(err);
      if (outOfFds(code)) {
        this.d.fds.failed(name, 2);
        this.retryAt(this.d.fds.retryAt(name));
      } else {
        this.d.log.warn({ syscall: "pipe", code }, `unable to create the log pipe for ${name}`);
        this.d.retryLater(DIR_RETRY_MS);
      }
      return undefined;
    }
  }

  /** Whether `name` is backing off after a start failed for want of fds (then the scan looks again in time). */
  waitForFds(name: string): boolean {
    const at = this.d.fds.retryAt(name);
    if (at === 0) return false;
    this.retryAt(at);
    return true;
  }

  /** Looks again at `epochMs` (a Date.now() time). */
  private retryAt(epochMs: number): void {
    this.d.retryLater(epochMs - Date.now());
  }
}

/** A supervisor holds its pipe end until it lets go of its stdio (x, HUP) or exits, as an s6-supervise process would. */
export function holdWhileAttached(sup: Supervisor, letGo: () => void): void {
  sup.once("stdio-detached", letGo);
  sup.once("exit", letGo);
}

