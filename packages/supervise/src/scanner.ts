import { EventEmitter } from "node:events";
import { closeSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { dup2 } from "@ts6/native";
import { SPECIAL_LOGGER } from "@ts6/protocol";
import { monotonicMs } from "./clock.js";
import { Deadline } from "./deadline.js";
import { devNullFds } from "./devnull.js";
import { errnoCode, errorText } from "./errors.js";
import { fdsToStart } from "./fd-budget.js";
import { FdStarvation, outOfFds } from "./fd-starvation.js";
import { FifoReader } from "./fifo-reader.js";
import type { Logger } from "./log.js";
import type { Reaper } from "./reaper.js";
import { type ScanCommands, killSlots, obeyScanControl } from "./scan-commands.js";
import { takeScanControlDir } from "./scan-control-dir.js";
import { LOGGER, SERVICE, type Side, type Slot, slotKey } from "./slot.js";
import { SlotMaker, holdWhileAttached } from "./slot-maker.js";
import { Supervisor } from "./supervisor.js";
import { serviceWholeness } from "./whole-service.js";

export { SPECIAL_LOGGER };
const SECOND = 1000;
const DIR_RETRY_MS = 3 * SECOND;

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
  /**
   * The scan directory is watched: a new directory is registered only once
   * it is whole (see whole-service.ts), and a log/ that appears later gets
   * its logger. Without the watch, s6-svscan's rules exactly.
   */
  waitForWhole?: boolean;
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
  /**
   * After a scan that changed them: the service directories to watch for a
   * `run` or a `log` that would change what the scanner does (one not whole
   * yet, or a registered one without a logger).
   */
  incomplete: [dirs: ReadonlySet<string>];
}

/** The s6-svscan loop, event-driven: flags are set by inputs and acted on in one pass. */
export class Scanner extends EventEmitter<ScannerEvents> implements ScanCommands {
  /** The first scan is over: directories that appear from now on are registered once whole. */
  private started = false;
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
  private control: FifoReader | undefined;
  private lockFd = -1;
  private incomplete: ReadonlySet<string> = new Set();
  private readonly fds: FdStarvation;
  private readonly maker: SlotMaker;

  constructor(private readonly opts: ScannerOptions) {
    super();
    this.log = opts.log;
    this.reaper = opts.reaper;
    this.fds = new FdStarvation(this.log);
    this.maker = new SlotMaker({ log: this.log, fds: this.fds, retryLater: (ms) => this.retryLater(ms) });
  }

  /** Creates .s6-svscan/ with its lock and control FIFO, then scans. Throws SupervisorStartError. */
  start(): void {
    const { lockFd, fifo } = takeScanControlDir(this.opts.scandir);
    this.lockFd = lockFd;
    this.control = new FifoReader(
      fifo,
      (bytes) => obeyScanControl(bytes, this, this.log),
      (err) => this.emit("fatal", err),
    );
    // The first scan is done before start returns, so that whoever waits for
    // readiness can count on everything present at start being supervised:
    // it takes every directory as s6-svscan does, whole or not (what is
    // there before the scanner is not being written by a watched-for tool).
    this.scanNow();
    this.started = true;
    this.fds.warnIfShort();
  }

  /** The supervisors (a service's name, or NAME/log) that wait for fds to be freed. */
  get waitingForFds(): ReadonlySet<string> {
    return this.fds.names;
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

  /** z: reap what has died (the reaper does it at every SIGCHLD anyway). */
  drain(): void {
    this.reaper.drain();
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
    this.deadline = this.opts.rescanMs > 0 ? monotonicMs() + this.opts.rescanMs : Infinity;
    this.fds.budget.refresh();
    let names: string[];
    try {
      names = readdirSync(this.opts.scandir);
    } catch (err) {
      const fields = { file: this.opts.scandir, code: errnoCode(err) };
      const msg = `unable to opendir ${this.opts.scandir}: ${errorText(err)}`;
      if (outOfFds(fields.code)) this.fds.warn(fields, msg);
      else this.log.warn(fields, msg);
      this.retryLater(DIR_RETRY_MS);
      return;
    }
    for (const slot of this.slots.values()) slot.active = false;
    const incomplete = new Set<string>();
    for (const name of names) this.check(name, incomplete);
    this.fds.keepOnly(names);
    this.fds.report();
    this.fds.publish(this.opts.scandir);
    if (!sameSet(incomplete, this.incomplete)) {
      this.incomplete = incomplete;
      this.emit("incomplete", incomplete);
    }
    for (const slot of [...this.slots.values()]) {
      if (slot.active || slot.sups[SERVICE] !== undefined) continue;
      if (slot.logged && slot.sups[LOGGER] !== undefined) continue;
      this.closePipe(slot);
      this.slots.delete(slot.key);
    }
  }

  private check(name: string, incomplete: Set<string>): void {
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
      if (this.opts.waitForWhole === true && this.started && !this.maker.isWhole(serviceWholeness(path), incomplete)) return;
      if (this.slots.size >= this.opts.max) {
        this.log.warn({ file: path, max: this.opts.max }, `unable to start supervisor for ${name}: too many services (-c ${this.opts.max})`);
        return;
      }
      const created = this.maker.make(name, path, key, name === SPECIAL_LOGGER);
      if (created === undefined) return;
      this.slots.set(key, created);
      slot = created;
    }
    if (this.opts.waitForWhole === true && !slot.logged && !slot.special) this.maker.lateLogger(slot, name, path, incomplete);
    slot.active = true;
    const now = monotonicMs();
    if (slot.logged && slot.sups[LOGGER] === undefined) {
      if (slot.restartAfter[LOGGER] <= now) this.startSupervisor(slot, `${name}/log`, LOGGER);
      else this.deadline = Math.min(this.deadline, slot.restartAfter[LOGGER]);
    }
    if (slot.sups[SERVICE] === undefined) {
      if (slot.restartAfter[SERVICE] <= now) this.startSupervisor(slot, name, SERVICE);
      else this.deadline = Math.min(this.deadline, slot.restartAfter[SERVICE]);
    }
  }

  private startSupervisor(slot: Slot, name: string, side: Side): void {
    if (this.maker.waitForFds(name)) return;
    const dir = join(this.opts.scandir, name);
    const cost = fdsToStart(dir);
    if (!this.fds.reserve(name, cost)) {
      this.retryAt(this.fds.retryAt(name));
      return;
    }
    const stdio = this.stdioFor(slot, side);
    const sup = new Supervisor({ dir, name, reaper: this.reaper, log: this.log, stdio, sharedStdio: true });
    slot.sups[side] = sup;
    const letGo = slot.pipe.kind === "open" ? slot.pipe.pipe.hold(side === SERVICE ? "write" : "read") : undefined;
    if (letGo !== undefined) holdWhileAttached(sup, letGo);
    sup.once("exit", () => this.supervisorGone(slot, side));
    this.emit("supervisor", name, sup);
    try {
      sup.start();
      this.fds.started(name);
    } catch (err) {
      letGo?.();
      slot.sups[side] = undefined;
      if (outOfFds(errnoCode(err))) {
        // Not a death: the service waits for fds, with a back-off, and keeps its slot.
        this.fds.failed(name, cost);
        this.retryAt(this.fds.retryAt(name));
        return;
      }
      // A supervisor that cannot start is a supervisor that died: retried in 1 s.
      this.log.warn({ service: name, err: errorText(err) }, `supervisor for ${name} failed to start: ${errorText(err)}`);
      this.supervisorGone(slot, side);
    }
  }

  private stdioFor(slot: Slot, side: Side): [number, number, number] {
    const stderr = slot.special && this.opts.consoleHolder !== undefined ? this.opts.consoleHolder : 2;
    if (!slot.logged || slot.pipe.kind !== "open") return [0, 1, stderr];
    const p = slot.pipe.pipe;
    return side === SERVICE ? [0, p.write, stderr] : [p.read, 1, stderr];
  }

  /** s6-svscan's reap(), for one supervisor. */
  private supervisorGone(slot: Slot, side: Side): void {
    slot.sups[side] = undefined;
    // Its fds are back: whatever waits for fds is tried at the next scan.
    if (this.fds.freed()) this.wantScan = true;
    const restart = monotonicMs() + SECOND;
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
      slot.pipe.pipe.release("read");
      slot.pipe.pipe.release("write");
    }
    slot.pipe = { kind: "closed" };
  }

  // --- killing and finishing ---------------------------------------------------

  private killThem(): void {
    const mask = this.wantKill;
    if (mask === 0) return;
    this.wantKill = 0;
    killSlots([...this.slots.values()], mask);
  }

  private beginFinish(): void {
    this.finishing = true;
    this.emit("finishing");
    this.control?.close();
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
    this.deadline = Math.min(this.deadline, monotonicMs() + ms);
  }

  /** Looks again at `epochMs` (a Date.now() time). */
  private retryAt(epochMs: number): void {
    this.retryLater(epochMs - Date.now());
  }

  private armTimer(): void {
    this.timer.arm(this.finishing ? Infinity : this.deadline - monotonicMs());
  }

  /** Releases the scanner's own fds once the daemon is about to exec or exit. */
  close(): void {
    this.timer.clear();
    this.control?.close();
    if (this.lockFd >= 0) closeSync(this.lockFd);
    this.lockFd = -1;
    this.fds.unpublish(this.opts.scandir);
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
