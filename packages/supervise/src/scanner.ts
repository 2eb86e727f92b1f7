import { EventEmitter } from "node:events";
import { closeSync, mkdirSync, readdirSync, statSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { dup2, pipe } from "@ts6/native";
import { SPECIAL_LOGGER } from "@ts6/protocol";
import { Deadline } from "./deadline.js";
import { devNullFds } from "./devnull.js";
import { SupervisorStartError, errnoCode, errorText } from "./errors.js";
import { openFifoReader } from "./fifo-socket.js";
import type { Logger } from "./log.js";
import type { Reaper } from "./reaper.js";
import { LOGGER, SERVICE, type Side, type Slot, slotKey } from "./slot.js";
import { ensureFifo, fail, takeLockFile, withUmask0 } from "./supervise-dir.js";
import { Supervisor } from "./supervisor.js";

export { SPECIAL_LOGGER };
const SECOND = 1000;
const DIR_RETRY_MS = 3 * SECOND;

/**
 * s6-svscan's kill masks: bit 0 includes active services, bit 1 sends TERM
 * (not HUP) to service supervisors, bit 2 sends TERM to loggers and to the
 * special logger.
 */
export const KILL = { hup: 2, term: 3, quit: 7, inactive: 2, inactiveAll: 6 } as const;

export interface ScannerOptions {
  /** The scan directory; the daemon's cwd is expected to be it, as s6-svscan chdirs there. */
  scandir: string;
  /** Most slots (a service and its logger share one). */
  max: number;
  /** Periodic rescan in ms; 0 for never. */
  rescanMs: number;
  reaper: Reaper;
  log: Logger;
  /** -X: fd that the special logger's supervisor gets as stderr. */
  consoleHolder?: number;
}

export interface ScannerEvents {
  /** A supervisor was created for `name` (a service, or `service/log`). */
  supervisor: [name: string, sup: Supervisor];
  /** The tree is coming down: kill signals are sent, nothing new starts. */
  finishing: [];
  /** Every supervisor is gone (or, after b, not waited for): time to exec finish. */
  done: [];
  /** The scanner can no longer take commands (its control FIFO broke): s6-svscan's panic. */
  fatal: [err: Error];
}

/** The s6-svscan loop, event-driven: flags are set by inputs and acted on in one pass. */
export class Scanner extends EventEmitter<ScannerEvents> {
  private readonly slots = new Map<string, Slot>();
  private readonly log: Logger;
  private readonly reaper: Reaper;
  private wantScan = true;
  private wantKill = 0;
  private cont = true;
  private waitAll = true;
  private finishing = false;
  private passQueued = false;
  private deadline = Infinity;
  private readonly timer = new Deadline(() => {
    this.deadline = Infinity;
    this.rescan();
  });
  private control: Socket | undefined;
  private lockFd = -1;

  constructor(private readonly opts: ScannerOptions) {
    super();
    this.log = opts.log;
    this.reaper = opts.reaper;
  }

  /** Creates .s6-svscan/ with its lock and control FIFO, then scans. Throws SupervisorStartError. */
  start(): void {
    const ctl = join(this.opts.scandir, ".s6-svscan");
    withUmask0(() => {
      try {
        mkdirSync(ctl, 0o700);
      } catch (err) {
        if (errnoCode(err) !== "EEXIST") throw fail("mkdir", ctl, err);
        if (!statSync(ctl).isDirectory()) throw new SupervisorStartError(`${ctl} exists and is not a directory`, 100);
      }
      this.lockFd = takeLockFile(join(ctl, "lock"), 0o600, "another instance of s6-svscan is already running on the same directory");
      ensureFifo(join(ctl, "control"));
    });
    this.control = openFifoReader(join(ctl, "control"), (chunk) => this.onControl(chunk));
    this.control.on("error", (err) => this.emit("fatal", err));
    // The first scan is done before start returns, so that whoever waits for
    // readiness can count on everything present at start being supervised.
    this.scanNow();
  }

  /** Scans at once, synchronously: what was added before this call is supervised after it. */
  scanNow(): void {
    this.wantScan = true;
    this.pass();
  }

  /** Something changed in the scan directory (the watch, SIGALRM, s6-svscanctl -a). */
  rescan(): void {
    this.wantScan = true;
    this.schedule();
  }

  /** Kill supervisors by one of the KILL masks, then rescan if asked (h). */
  kill(mask: number, scanToo = false): void {
    this.wantKill = mask;
    if (scanToo) this.wantScan = true;
    this.schedule();
  }

  /** Ends the scanner: t, i, q, or (waitAll false) b. */
  terminate(mask: number, waitAll: boolean): void {
    this.cont = false;
    this.waitAll = waitAll;
    this.wantKill = mask;
    this.schedule();
  }

  get supervisorCount(): number {
    let n = 0;
    for (const s of this.slots.values()) n += (s.sups[SERVICE] ? 1 : 0) + (s.sups[LOGGER] ? 1 : 0);
    return n;
  }

  private onControl(chunk: Buffer): void {
    for (const c of chunk.toString("latin1")) {
      switch (c) {
        case "z": this.reaper.drain(); break;
        case "a": this.rescan(); break;
        case "b": this.terminate(0, false); break;
        case "h": this.kill(KILL.hup, true); break;
        case "i":
        case "t": this.terminate(KILL.term, true); break;
        case "q": this.terminate(KILL.quit, true); break;
        case "n": this.kill(KILL.inactive); break;
        case "N": this.kill(KILL.inactiveAll); break;
        default: this.log.warn({ command: c }, `received unknown control command: ${c}`);
      }
    }
  }

  /** Coalesces every input of one loop turn into a single pass, as s6's loop does. */
  private schedule(): void {
    if (this.passQueued) return;
    this.passQueued = true;
    setImmediate(() => {
      this.passQueued = false;
      this.pass();
    });
  }

  private pass(): void {
    try {
      if (this.cont && this.wantScan) this.scan();
      this.killThem();
      if (!this.cont && !this.finishing) this.beginFinish();
    } catch (err) {
      this.log.error({ err }, "internal error in scanner");
    }
    this.armTimer();
  }

  // --- scanning --------------------------------------------------------------

  private scan(): void {
    this.wantScan = false;
    this.log.debug("scanning");
    this.deadline = this.opts.rescanMs > 0 ? performance.now() + this.opts.rescanMs : Infinity;
    let names: string[];
    try {
      names = readdirSync(this.opts.scandir);
    } catch (err) {
      this.log.warn({ file: this.opts.scandir, code: errnoCode(err) }, `unable to opendir ${this.opts.scandir}: ${errorText(err)}`);
      this.retryLater(DIR_RETRY_MS);
      return;
    }
    for (const slot of this.slots.values()) slot.active = false;
    for (const name of names) this.check(name);
    for (const slot of [...this.slots.values()]) {
      if (slot.active || slot.sups[SERVICE] !== undefined) continue;
      if (slot.logged && slot.sups[LOGGER] !== undefined) continue;
      this.closePipe(slot);
      this.slots.delete(slot.key);
    }
  }

  private check(name: string): void {
    if (name.startsWith(".")) return;
    const path = join(this.opts.scandir, name);
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      this.log.warn({ file: path, code: errnoCode(err) }, `unable to stat ${path}: ${errorText(err)}`);
      this.retryLater(DIR_RETRY_MS);
      return;
    }
    if (!st.isDirectory()) return;
    const key = slotKey(st.dev, st.ino);
    let slot = this.slots.get(key);
    if (slot !== undefined) {
      if (slot.logged && slot.pipe.kind !== "open") {
        slot.pipe = { kind: "reactivated" };
        return;
      }
    } else {
      if (this.slots.size >= this.opts.max) {
        this.log.warn({ file: path, max: this.opts.max }, `unable to start supervisor for ${name}: too many services (-c ${this.opts.max})`);
        return;
      }
      const created = this.register(name, path, key);
      if (created === undefined) return;
      slot = created;
    }
    slot.active = true;
    const now = performance.now();
    if (slot.logged && slot.sups[LOGGER] === undefined) {
      if (slot.restartAfter[LOGGER] <= now) this.startSupervisor(slot, `${name}/log`, LOGGER);
      else this.deadline = Math.min(this.deadline, slot.restartAfter[LOGGER]);
    }
    if (slot.sups[SERVICE] === undefined) {
      if (slot.restartAfter[SERVICE] <= now) this.startSupervisor(slot, name, SERVICE);
      else this.deadline = Math.min(this.deadline, slot.restartAfter[SERVICE]);
    }
  }

  private register(name: string, path: string, key: string): Slot | undefined {
    const special = name === SPECIAL_LOGGER;
    let logged = false;
    let p: Slot["pipe"] = { kind: "closed" };
    if (!special) {
      const logPath = join(path, "log");
      try {
        logged = statSync(logPath).isDirectory();
      } catch (err) {
        if (errnoCode(err) !== "ENOENT") {
          this.log.warn({ file: logPath, code: errnoCode(err) }, `unable to stat ${logPath}: ${errorText(err)}`);
          this.retryLater(DIR_RETRY_MS);
          return undefined;
        }
      }
      if (logged) {
        try {
          p = { kind: "open", ...pipe() };
        } catch (err) {
          this.log.warn({ syscall: "pipe", code: errnoCode(err) }, `unable to create the log pipe for ${name}`);
          this.retryLater(DIR_RETRY_MS);
          return undefined;
        }
      }
    }
    const now = performance.now();
    const slot: Slot = { key, special, logged, pipe: p, active: false, sups: [undefined, undefined], restartAfter: [now, now] };
    this.slots.set(key, slot);
    return slot;
  }

  private startSupervisor(slot: Slot, name: string, side: Side): void {
    const stdio = this.stdioFor(slot, side);
    const sup = new Supervisor({ dir: join(this.opts.scandir, name), name, reaper: this.reaper, log: this.log, stdio });
    slot.sups[side] = sup;
    sup.once("exit", () => this.supervisorGone(slot, side));
    this.emit("supervisor", name, sup);
    try {
      sup.start();
    } catch (err) {
      // A supervisor that cannot start is a supervisor that died: retried in 1 s.
      this.log.warn({ service: name, err: errorText(err) }, `supervisor for ${name} failed to start: ${errorText(err)}`);
      this.supervisorGone(slot, side);
    }
  }

  private stdioFor(slot: Slot, side: Side): [number, number, number] {
    const stderr = slot.special && this.opts.consoleHolder !== undefined ? this.opts.consoleHolder : 2;
    if (!slot.logged || slot.pipe.kind !== "open") return [0, 1, stderr];
    return side === SERVICE ? [0, slot.pipe.write, stderr] : [slot.pipe.read, 1, stderr];
  }

  /** s6-svscan's reap(), for one supervisor. */
  private supervisorGone(slot: Slot, side: Side): void {
    slot.sups[side] = undefined;
    const restart = performance.now() + SECOND;
    slot.restartAfter[side] = restart;
    if (slot.active && !this.finishing) {
      this.deadline = Math.min(this.deadline, restart);
    } else {
      if (slot.logged) {
        // The pipe must close as soon as one side is gone, so that the other
        // sees EOF or EPIPE; a slot that lost its pipe is never reused.
        if (slot.pipe.kind === "open") this.closePipe(slot);
        else if (slot.pipe.kind === "reactivated") this.wantScan = true;
      }
      if (slot.sups[SERVICE] === undefined && (!slot.logged || slot.sups[LOGGER] === undefined)) this.slots.delete(slot.key);
    }
    if (this.finishing) this.checkDone();
    else this.schedule();
  }

  private closePipe(slot: Slot): void {
    if (slot.pipe.kind === "open") {
      closeSync(slot.pipe.read);
      closeSync(slot.pipe.write);
    }
    slot.pipe = { kind: "closed" };
  }

  // --- killing and finishing ---------------------------------------------------

  private killThem(): void {
    const mask = this.wantKill;
    if (mask === 0) return;
    this.wantKill = 0;
    for (const slot of [...this.slots.values()]) {
      if ((mask & 1) === 0 && slot.active) continue;
      const sup = slot.sups[SERVICE];
      if (sup !== undefined) sup.signal((mask & (2 << (slot.special ? 1 : 0))) !== 0 ? "term" : "hup");
      const logger = slot.sups[LOGGER];
      if (slot.logged && logger !== undefined) logger.signal((mask & 4) !== 0 ? "term" : "hup");
    }
  }

  private beginFinish(): void {
    this.finishing = true;
    this.emit("finishing");
    this.control?.destroy();
    this.control = undefined;
    let special = false;
    for (const slot of this.slots.values()) {
      if (slot.special) special = true;
      else if (slot.logged && slot.pipe.kind === "open") this.closePipe(slot);
    }
    if (special) dup2(devNullFds()[1], 1);
    if (!this.waitAll) {
      this.emit("done");
      return;
    }
    this.checkDone();
  }

  private checkDone(): void {
    if (!this.finishing || !this.waitAll) return;
    if (this.supervisorCount > 0) return;
    this.timer.clear();
    this.emit("done");
  }

  // --- timing ----------------------------------------------------------------

  private retryLater(ms: number): void {
    this.deadline = Math.min(this.deadline, performance.now() + ms);
  }

  private armTimer(): void {
    this.timer.arm(this.finishing ? Infinity : this.deadline - performance.now());
  }

  /** Releases the scanner's own fds once the daemon is about to exec or exit. */
  close(): void {
    this.timer.clear();
    this.control?.destroy();
    if (this.lockFd >= 0) closeSync(this.lockFd);
    this.lockFd = -1;
  }
}
