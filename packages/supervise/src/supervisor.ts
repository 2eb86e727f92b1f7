import { EventEmitter } from "node:events";
import {
  closeSync, constants, existsSync, openSync, unlinkSync, writeFileSync, accessSync,
} from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { dup, pipe, spawn, watchExit, wexitstatus, wifexited, wifsignaled, wtermsig } from "@ts6/native";
import {
  type ConfigValue, type SupervisorStatus, TAIN_ZERO, notify, readDeathTally, readDownSignal,
  readLockFd, readMaxDeathTally, readNotificationFd, readTimeoutFinish, readTimeoutKill,
  tainNow, writeDeathTally, writeStatusFile,
} from "@ts6/protocol";
import { type Orphan, UNKNOWN_WSTAT, evictOrphan, findOrphan } from "./adoption.js";
import { SupervisorStartError, errnoCode, errorText } from "./errors.js";
import { outOfFds } from "./fd-starvation.js";
import { openFifoReader } from "./fifo-socket.js";
import { ReadinessPipe } from "./readiness-pipe.js";
import { openServiceLock } from "./service-lock.js";
import type { Logger } from "./log.js";
import type { Reaper } from "./reaper.js";
import { ACTIONS, type Action, type State, type SupervisorEvent, isControlByte } from "./state-table.js";
import { fail, initSuperviseDir } from "./supervise-dir.js";
import { devNullFds } from "./devnull.js";

export interface SupervisorOptions {
  /** The service directory, absolute or relative to the daemon's cwd. */
  dir: string;
  /** What run and finish get as their NAME argument: the directory as s6-svscan names it. */
  name: string;
  reaper: Reaper;
  log: Logger;
  /**
   * Daemon fds that the service gets as its 0, 1 and 2. The supervisor keeps
   * its own copies of any fd above 2 (a log pipe end), so that, as with a
   * separate s6-supervise process, the pipe stays open exactly as long as
   * some supervisor may still hand it to a child.
   */
  stdio: readonly [number, number, number];
  /**
   * The owner keeps the stdio fds open for as long as this supervisor may
   * use them (until "stdio-detached" or "exit"): no copies are made.
   */
  sharedStdio?: boolean;
}

export type SupervisorSignal = "term" | "hup" | "quit" | "int";

const SECOND = 1000;
/** An instance of the state machine for one service: s6-supervise, in-process. */
export interface SupervisorEvents {
  /** The supervisor is gone: its last event sent, every fd and timer released. */
  exit: [];
  /** x or HUP: the supervisor let go of its stdin and stdout. */
  "stdio-detached": [];
  /** run died; wantUp is what the service was wanted to be at that moment. */
  death: [wstat: number, wantUp: boolean];
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  /** The service directory as given: for messages, and what NAME refers to. */
  readonly dir: string;
  readonly name: string;
  private readonly log: Logger;
  private readonly reaper: Reaper;
  /**
   * The service directory as this process reaches it: through an fd opened
   * at start, so that, like s6-supervise after its chdir, the supervisor
   * keeps working when the directory is renamed or moved away.
   */
  private here = "";
  private dirFd = -1;
  private stdio: [number, number, number];
  private readonly sharedStdio: boolean;

  private state: State = "down";
  private readonly status: SupervisorStatus = {
    stamp: TAIN_ZERO, readyStamp: TAIN_ZERO, pid: 0, pgid: 0, wstat: 0,
    paused: false, finishing: false, wantUp: true, ready: true,
  };
  /** Monotonic ms before which a crashed service is not restarted; 0 = none. */
  private nextStart = 0;
  /** timeout-kill is armed: the next timeout SIGKILLs run. */
  private dying = false;
  /** Cancels the pending deadline (restart throttle, timeout-kill, timeout-finish), if any. */
  private cancelDeadline: (() => void) | undefined;
  /** The read end of run's notification pipe, and the socket that owns it. */
  private readiness: ReadinessPipe | undefined;
  private control: Socket | undefined;
  private lockFd = -1;
  private running = false;
  private bailing = false;
  /**
   * run is being spawned off the main thread. Its pid, which the state and
   * the status file need, is not known yet: every input (command, signal,
   * timeout) waits in `held`, in order, until it is, as it would wait for
   * s6-supervise's fork to return.
   */
  private spawning = false;
  private readonly held: Array<() => void> = [];
  /** What the supervisor before this one left running, found at start. */
  private orphan: (Orphan & { watched: boolean }) | undefined;
  private unwatchOrphan: (() => void) | undefined;

  constructor(opts: SupervisorOptions) {
    super();
    this.dir = opts.dir;
    this.name = opts.name;
    this.reaper = opts.reaper;
    this.log = opts.log.child({ service: opts.name });
    this.sharedStdio = opts.sharedStdio === true;
    this.stdio = [this.take(opts.stdio[0]), this.take(opts.stdio[1]), this.take(opts.stdio[2])];
  }

  /** Sets up supervise/ and event/ and starts supervising. Throws SupervisorStartError. */
  start(): void {
    try {
      this.setUp();
    } catch (err) {
      // Nothing of a supervisor that never ran may outlive it: a log pipe
      // end kept here would keep its logger from ever seeing EOF.
      this.release();
      if (err instanceof SupervisorStartError) {
        throw new SupervisorStartError(this.shownIn(err.message), err.exitCode, err.code);
      }
      throw err;
    }
    this.running = true;
    if (this.orphan?.watched === true) {
      this.adopt(this.orphan);
      return;
    }
    this.status.stamp = tainNow();
    this.status.readyStamp = this.status.stamp;
    this.announce();
    this.event("s");
    if (this.orphan === undefined) this.setTimeout(0);
    else evictOrphan(this.orphan.pid, this.downSignal(), this.config(readTimeoutKill(this.here)), this.log, () => this.dispatch("timeout"));
  }

  /** Watches the process a supervisor which died left running; if no pidfd can be had, it will be stopped instead. */
  private watchOrphan(o: Orphan): Orphan & { watched: boolean } {
    if (o.ourChild) {
      this.reaper.watch(o.pid, (ws) => this.dispatch("chld", ws));
      return { ...o, watched: true };
    }
    try {
      this.unwatchOrphan = watchExit(o.pid, () => {
        this.unwatchOrphan = undefined;
        this.dispatch("chld", UNKNOWN_WSTAT);
      });
      return { ...o, watched: true };
    } catch (err) {
      // Out of fds: no supervisor for now, and nothing stopped; the scanner tries again.
      if (outOfFds(errnoCode(err))) throw fail("watch", `pid ${o.pid} left running by a previous supervisor`, err);
      this.log.warn({ pid: o.pid, code: errnoCode(err) }, `unable to watch pid ${o.pid} left running by a previous supervisor (${errorText(err)}): stopping it before starting a new one`);
      return { ...o, watched: false };
    }
  }

  /** Takes over the run (or finish) that a supervisor which died left running: same pid, same status. */
  private adopt(o: Orphan): void {
    const { stamp, readyStamp, wstat, paused, ready, wantUp } = o.status;
    Object.assign(this.status, { stamp, readyStamp, wstat, paused, ready, wantUp, pid: o.pid, finishing: o.finishing });
    this.state = o.finishing ? "finish" : "up";
    this.log.info({ pid: o.pid }, `adopted ${o.finishing ? "./finish" : "./run"} (pid ${o.pid}) left running by a previous supervisor`);
    this.announce();
    this.event("s");
    if (o.finishing) {
      const timeout = this.config(readTimeoutFinish(this.here));
      this.setTimeout(timeout > 0 ? timeout : Infinity);
    }
  }

  /** What s6-supervise does before its loop, with its exit codes. */
  private setUp(): void {
    try {
      this.dirFd = openSync(this.dir, constants.O_RDONLY | constants.O_DIRECTORY);
    } catch (err) {
      throw new SupervisorStartError(`unable to chdir to ${this.dir}: ${errorText(err)}`, 111, errnoCode(err));
    }
    this.here = `/proc/self/fd/${this.dirFd}`;
    const files = initSuperviseDir(this.here);
    this.lockFd = files.lockFd;
    try {
      this.control = openFifoReader(files.controlPath, (chunk) => this.onControl(chunk));
    } catch (err) {
      throw fail("open for reading", files.controlPath, err);
    }
    // A supervisor that cannot hear commands must not pretend to: s6-supervise
    // dies of it and s6-svscan starts a new one, and so does ts6-svscan.
    this.control.on("error", (err) => {
      this.log.error({ err, file: "supervise/control" }, `unable to read supervise/control: ${errorText(err)}`);
      this.whenIdle(() => {
        this.bailing = true;
        this.settle();
      });
    });
    const tally = join(this.here, "supervise", "death_tally");
    try {
      closeSync(openSync(tally, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_CREAT | constants.O_TRUNC, 0o666));
    } catch (err) {
      throw fail("truncate", tally, err);
    }
    try {
      this.status.wantUp = !this.exists("down");
    } catch (err) {
      throw fail("access", join(this.here, "down"), err);
    }
    // The lock is ours: whoever wrote supervise/status is gone, what it started may not be.
    const orphan = findOrphan(this.here);
    if (orphan !== undefined) this.orphan = this.watchOrphan(orphan);
  }

  /** A signal to the supervisor itself, as s6-supervise would receive it. */
  signal(sig: SupervisorSignal): void {
    this.dispatch(sig);
  }

  /**
   * Control bytes as if written to supervise/control; invalid bytes are
   * ignored. Like s6-supervise, which reads everything there is before it
   * looks at whether to leave, bytes after an x are still acted on: "xu"
   * on a down service starts it, and then the supervisor exits.
   */
  command(bytes: string): void {
    if (!this.running) return;
    for (let i = 0; i < bytes.length; i++) {
      if (this.spawning) {
        // "ud": the d is for the run that u is starting.
        const rest = bytes.slice(i);
        this.held.push(() => this.command(rest));
        break;
      }
      const c = bytes.charAt(i);
      if (isControlByte(c)) this.act(c);
    }
    this.settle();
  }

  /** A logger that appeared after registration: run's next start (and finish) write into its pipe. */
  setStdout(fd: number): void {
    // After x or HUP the supervisor has let go of its stdout for good.
    if (this.state === "lastup" || this.state === "lastfinish") return;
    this.drop(this.stdio[1]);
    this.stdio[1] = this.take(fd);
  }

  private take(fd: number): number {
    return this.sharedStdio ? fd : ownCopy(fd);
  }

  private drop(fd: number): void {
    if (!this.sharedStdio) releaseCopy(fd);
  }

  get currentState(): State {
    return this.state;
  }

  get isRunning(): boolean {
    return this.running;
  }

  snapshot(): Readonly<SupervisorStatus> {
    return { ...this.status };
  }

  private onControl(chunk: Buffer): void {
    this.command(chunk.toString("latin1"));
  }

  private dispatch(ev: SupervisorEvent, wstat = 0): void {
    if (!this.running) return;
    if (this.spawning) {
      this.held.push(() => this.dispatch(ev, wstat));
      return;
    }
    this.act(ev, wstat);
    this.settle();
  }

  private act(ev: SupervisorEvent, wstat = 0): void {
    const action = ACTIONS[this.state][ev];
    try {
      this.perform(action, wstat);
    } catch (err) {
      // One service's surprise must never reach another service or the scanner.
      this.log.error({ err, event: ev, action, state: this.state }, "internal error in supervisor action");
    }
  }

  /** Runs `fn` now, or once run's spawn has reported. */
  private whenIdle(fn: () => void): void {
    if (this.spawning) this.held.push(fn);
    else fn();
  }

  /** Replays what came in during a spawn, in order, until another spawn starts (if one does). */
  private releaseHeld(): void {
    while (!this.spawning && this.held.length > 0) this.held.shift()?.();
  }

  /** Leaves, once an action asked to. */
  private settle(): void {
    // "xu" on a down service: the supervisor leaves once run has started.
    if (this.bailing) this.whenIdle(() => this.finishExit());
  }

  private perform(action: Action, wstat: number): void {
    if (action.startsWith("signal:")) {
      this.kill(action.slice("signal:".length) as NodeJS.Signals);
      return;
    }
    switch (action) {
      case "nop": return;
      case "bail": this.bailing = true; return;
      case "sigint":
        this.killGroup("SIGINT");
        this.bailing = true;
        return;
      case "closethem": this.closethem(); return;
      case "downTimeout":
        if (this.status.wantUp) this.tryStart();
        else this.setTimeout(Infinity);
        return;
      case "startOnce": this.wantUp(false); this.tryStart(); return;
      case "startUp": this.wantUp(true); this.tryStart(); return;
      case "startUpDelDown": this.delDown(); this.wantUp(true); this.tryStart(); return;
      case "wantDown": this.wantUp(false); return;
      case "wantUp": this.wantUp(true); return;
      case "wantDownAddDown": this.addDown(); this.wantUp(false); return;
      case "wantUpDelDown": this.delDown(); this.wantUp(true); return;
      case "upTimeout": this.upTimeout(); return;
      case "runDied": if (this.runDied(wstat)) this.state = "finish"; return;
      case "lastRunDied":
        if (this.runDied(wstat)) this.state = "lastfinish";
        else this.bailing = true;
        return;
      case "stop": this.stop(); return;
      case "stopAddDown": this.addDown(); this.stop(); return;
      case "stopLast": this.state = "lastup"; this.stop(); return;
      case "detach": this.state = "lastup"; this.closethem(); return;
      case "finishTimeout":
        this.log.warn({ pid: this.status.pid }, "finish script lifetime reached maximum value - sending it a SIGKILL");
        this.resume();
        this.kill("SIGKILL");
        this.setTimeout(5 * SECOND);
        return;
      case "finishDied": this.finishDied(wstat); return;
      case "finishDetach": this.state = "lastfinish"; this.closethem(); return;
      case "lastFinishDied": this.finishDied(wstat); this.bailing = true; return;
      case "pause": this.pause(); return;
      case "resume": this.resume(); return;
      case "downSignal": this.kill(this.downSignal()); return;
      case "pauseGroup": this.killGroup("SIGSTOP"); this.status.paused = true; this.announce(); return;
      case "resumeGroup": this.killGroup("SIGCONT"); this.status.paused = false; this.announce(); return;
      case "killGroup": this.killGroup("SIGKILL"); return;
    }
  }

  // --- starting run --------------------------------------------------------

  private tryStart(): void {
    const lockFdNum = this.config(readLockFd(this.here));
    let serviceLock = -1;
    if (lockFdNum !== undefined) {
      serviceLock = this.takeServiceLock();
      if (serviceLock < 0) return;
    }
    const notifFdNum = this.config(readNotificationFd(this.here));
    let notifPipe: { read: number; write: number } | undefined;
    if (notifFdNum !== undefined) {
      if (serviceLock >= 0 && notifFdNum === lockFdNum) {
        this.log.warn({ file: "notification-fd" }, "unable to start service: notification-fd and lock-fd are the same");
        closeSync(serviceLock);
        this.setTimeout(Infinity);
        return;
      }
      try {
        notifPipe = pipe();
      } catch (err) {
        this.log.warn({ syscall: "pipe", code: errnoCode(err) }, "unable to pipe (waiting 60 seconds)");
        if (serviceLock >= 0) closeSync(serviceLock);
        this.setTimeout(60 * SECOND);
        return;
      }
    }
    const fds = new Map<number, number>([[0, this.stdio[0]], [1, this.stdio[1]], [2, this.stdio[2]]]);
    if (notifPipe !== undefined && notifFdNum !== undefined) fds.set(notifFdNum, notifPipe.write);
    if (serviceLock >= 0 && lockFdNum !== undefined) fds.set(lockFdNum, serviceLock);
    // A throttle deadline may still be armed (u while down): it must not
    // fire into the up state that this start leads to.
    this.setTimeout(Infinity);
    this.spawning = true;
    const spawned = (err: unknown, pid: number): void => {
      this.spawning = false;
      // The child has its copies (or there is no child): ours would only keep EOF away.
      if (notifPipe !== undefined) closeSync(notifPipe.write);
      if (serviceLock >= 0) closeSync(serviceLock);
      if (err !== null) {
        if (notifPipe !== undefined) closeSync(notifPipe.read);
        this.spawnFailed("run", err);
      } else {
        this.runStarted(pid, notifPipe?.read);
      }
      this.releaseHeld();
    };
    const opts = { file: "./run", argv: ["run", this.name], cwd: this.here, env: serviceEnv(), fds: [...fds] };
    try {
      this.reaper.launch(opts, spawned);
    } catch (err) {
      spawned(err, 0);
    }
  }

  private runStarted(pid: number, notifRead: number | undefined): void {
    this.reaper.watch(pid, (ws) => this.dispatch("chld", ws));
    if (notifRead !== undefined) this.readiness = new ReadinessPipe(notifRead, () => this.onReady());
    this.nextStart = 0;
    this.state = "up";
    this.status.pid = pid;
    this.status.ready = false;
    this.status.stamp = tainNow();
    this.announce();
    this.event("u");
  }

  /** Takes supervise/service-lock for lock-fd; -1 (and a retry in 60 s) when it cannot. */
  private takeServiceLock(): number {
    const path = join(this.here, "supervise", "service-lock");
    const shown = this.shown(path);
    const got = openServiceLock(path, shown);
    if ("problem" in got) {
      this.log.warn({ file: shown, code: got.code }, `${got.problem} (waiting 60 seconds)`);
      this.setTimeout(60 * SECOND);
      return -1;
    }
    if (got.wasDirty) this.log.warn({ file: shown }, "a previous instance of the service wrote to the lock file!");
    return got.fd;
  }

  private spawnFailed(what: "run", err: unknown): void {
    const code = errnoCode(err);
    // Out of processes or memory is the system's trouble: wait longer, as s6 does for fork.
    const systemic = code === "EAGAIN" || code === "ENOMEM";
    const wait = systemic ? 60 : 10;
    this.log.warn({ file: `./${what}`, code, syscall: "spawn" }, `unable to spawn ./${what} - waiting ${wait} seconds: ${errorText(err)}`);
    this.setTimeout(wait * SECOND);
  }

  // --- readiness -----------------------------------------------------------

  private onReady(): void {
    this.readiness = undefined;
    this.nextStart = performance.now() + SECOND;
    this.status.readyStamp = tainNow();
    this.status.ready = true;
    this.announce();
    this.event("U");
  }

  private closeNotification(): void {
    this.readiness?.close();
    this.readiness = undefined;
  }

  // --- run's death and finish ----------------------------------------------

  private runDied(wstat: number): boolean {
    this.emit("death", wstat, this.status.wantUp);
    this.readiness?.drain();
    this.closeNotification();
    this.status.wstat = wstat;
    this.status.paused = false;
    this.status.ready = false;
    this.dying = false;
    this.status.stamp = tainNow();
    this.recordDeath(wstat);

    const signalled = wifsignaled(wstat);
    const argv = ["finish", String(signalled ? 256 : wexitstatus(wstat)), String(signalled ? wtermsig(wstat) : 0), this.name];
    let pid = 0;
    // Most services have no finish: asking is cheaper than a failed spawn.
    if (existsSync(join(this.here, "finish"))) {
      try {
        pid = spawn({ file: "./finish", argv, cwd: this.here, env: serviceEnv(), fds: [[0, this.stdio[0]], [1, this.stdio[1]], [2, this.stdio[2]]] });
      } catch (err) {
        const code = errnoCode(err);
        if (code === "EAGAIN" || code === "ENOMEM") {
          this.log.warn({ file: "./finish", code }, "unable to spawn ./finish");
          this.setDownAndReady("dD");
          return false;
        }
        if (code !== "ENOENT") this.log.warn({ file: "./finish", code }, `unable to spawn ./finish: ${errorText(err)}`);
      }
    }
    if (pid > 0) this.reaper.watch(pid, (ws) => this.dispatch("chld", ws));
    // No usable finish: s6 2.11 still goes through a brief finishing phase
    // (its child fails exec and exits 127), so clients see d then D.
    else setImmediate(() => this.dispatch("chld", 127 << 8));
    this.status.pid = pid;
    this.status.finishing = true;
    this.announce();
    this.event("d");
    const timeout = this.config(readTimeoutFinish(this.here));
    this.setTimeout(timeout > 0 ? timeout : Infinity);
    return true;
  }

  private recordDeath(wstat: number): void {
    const max = this.config(readMaxDeathTally(this.here));
    if (max === 0) return;
    const signalled = wifsignaled(wstat);
    const sig = signalled ? wtermsig(wstat) : 0;
    const record = { stamp: this.status.stamp, exitcode: signalled ? 128 + sig : wexitstatus(wstat), sig };
    try {
      const tally = readDeathTally(this.here);
      tally.push(record);
      writeDeathTally(this.here, tally.slice(-max));
    } catch (err) {
      this.log.warn({ file: "supervise/death_tally", code: errnoCode(err) }, `unable to update death_tally: ${errorText(err)}`);
    }
  }

  private finishDied(wstat: number): void {
    if (wifexited(wstat) && wexitstatus(wstat) === 125) {
      this.status.wantUp = false;
      this.setDownAndReady("OD");
    } else {
      this.setDownAndReady("D");
    }
  }

  private setDownAndReady(events: string): void {
    this.status.pid = 0;
    this.status.finishing = false;
    this.status.ready = true;
    this.state = "down";
    const now = performance.now();
    this.setTimeout(this.nextStart > 0 ? Math.max(0, this.nextStart - now) : SECOND);
    this.status.readyStamp = tainNow();
    this.announce();
    this.event(events);
  }

  // --- stopping ------------------------------------------------------------

  private stop(): void {
    this.status.wantUp = false;
    this.kill(this.downSignal());
    this.resume();
    const timeout = this.config(readTimeoutKill(this.here));
    if (timeout > 0) {
      this.setTimeout(timeout);
      this.dying = true;
    } else {
      this.setTimeout(Infinity);
    }
  }

  private upTimeout(): void {
    if (this.dying) {
      this.kill("SIGKILL");
      this.setTimeout(5 * SECOND);
    } else {
      this.setTimeout(Infinity);
      this.log.warn("can't happen: timeout while the service is up!");
    }
  }

  private downSignal(): number {
    return this.config(readDownSignal(this.here));
  }

  private pause(): void {
    this.kill("SIGSTOP");
    this.status.paused = true;
    this.announce();
  }

  private resume(): void {
    this.kill("SIGCONT");
    this.status.paused = false;
    this.announce();
  }

  private kill(sig: NodeJS.Signals | number): void {
    if (this.status.pid <= 0) return;
    try {
      process.kill(this.status.pid, sig);
    } catch {
      // Already dead: its SIGCHLD is on its way.
    }
  }

  /** run and finish are session leaders, so their pgid is their pid. */
  private killGroup(sig: NodeJS.Signals): void {
    if (this.status.pid <= 0) return;
    try {
      process.kill(-this.status.pid, sig);
    } catch {
      // Group already empty.
    }
  }

  /** Lets go of the daemon's stdin and stdout, so that a logger sees EOF once the service is gone. */
  private closethem(): void {
    const [rd, wr] = devNullFds();
    this.drop(this.stdio[0]);
    this.drop(this.stdio[1]);
    this.stdio = [rd, wr, this.stdio[2]];
    this.emit("stdio-detached");
  }

  // --- wanted state and the down file --------------------------------------

  private wantUp(up: boolean): void {
    this.status.wantUp = up;
    this.announce();
  }

  private addDown(): void {
    try {
      writeFileSync(join(this.here, "down"), "");
    } catch (err) {
      this.log.warn({ file: "down", code: errnoCode(err) }, "unable to create ./down file");
    }
  }

  private delDown(): void {
    try {
      unlinkSync(join(this.here, "down"));
    } catch (err) {
      if (errnoCode(err) !== "ENOENT") this.log.warn({ file: "down", code: errnoCode(err) }, "unable to unlink ./down file");
    }
  }

  private exists(file: string): boolean {
    try {
      accessSync(join(this.here, file));
      return true;
    } catch (err) {
      if (errnoCode(err) === "ENOENT") return false;
      throw err;
    }
  }

  // --- plumbing --------------------------------------------------------------

  private config<T>(v: ConfigValue<T>): T {
    if (v.warning !== undefined) {
      const file = this.shown(v.warning.file);
      this.log.warn({ file, problem: v.warning.problem }, `${v.warning.problem} in ${file}, using ${v.warning.fallback}`);
    }
    return v.value;
  }

  /** A message with the directory fd's paths written as the user knows them. */
  private shownIn(message: string): string {
    return this.here === "" ? message : message.split(this.here).join(this.dir);
  }

  /** A path under the directory fd, as the user knows it. */
  private shown(path: string): string {
    return path.startsWith(this.here) ? join(this.dir, path.slice(this.here.length)) : path;
  }

  /** Arms the one deadline (replacing any), or none for Infinity. */
  private setTimeout(ms: number): void {
    this.cancelDeadline?.();
    this.cancelDeadline = undefined;
    if (ms === Infinity) return;
    const fire = (): void => {
      this.cancelDeadline = undefined;
      this.dispatch("timeout");
    };
    if (ms <= 0) {
      // Due already (a restart whose delay has passed): Node's timers would
      // wait a millisecond at least; the next loop turn is soon enough.
      const h = setImmediate(fire);
      this.cancelDeadline = () => clearImmediate(h);
    } else {
      const h = setTimeout(fire, ms);
      this.cancelDeadline = () => clearTimeout(h);
    }
  }

  private announce(): void {
    try {
      writeStatusFile(this.here, this.status);
    } catch (err) {
      this.log.warn({ file: "supervise/status", code: errnoCode(err) }, `unable to write status file: ${errorText(err)}`);
    }
  }

  private event(bytes: string): void {
    try {
      notify(join(this.here, "event"), bytes);
    } catch (err) {
      this.log.warn({ file: "event", code: errnoCode(err) }, `unable to notify event/: ${errorText(err)}`);
    }
  }

  /** The end of the supervisor: last event out, then every fd and timer released. */
  private finishExit(): void {
    if (!this.running) return;
    this.running = false;
    this.event("x");
    this.setTimeout(Infinity);
    this.closeNotification();
    // A run left alive by QUIT becomes an orphan of the daemon, reaped like any other.
    if (this.status.pid > 0) this.reaper.forget(this.status.pid);
    this.release();
    this.emit("exit");
  }

  /** Closes every fd this supervisor holds; safe on a half set-up one. */
  private release(): void {
    this.unwatchOrphan?.();
    this.unwatchOrphan = undefined;
    this.control?.destroy();
    this.control = undefined;
    if (this.lockFd >= 0) closeSync(this.lockFd);
    this.lockFd = -1;
    if (this.dirFd >= 0) closeSync(this.dirFd);
    this.dirFd = -1;
    for (const fd of this.stdio) this.drop(fd);
    this.stdio = [0, 1, 2];
  }
}

let env: string[] | undefined;

/** The daemon's environment as run and finish get it, built once: it does not change. */
function serviceEnv(): string[] {
  env ??= Object.entries(process.env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
  return env;
}

function ownCopy(fd: number): number {
  return fd > 2 ? dup(fd) : fd;
}

function releaseCopy(fd: number): void {
  const [rd, wr] = devNullFds();
  if (fd > 2 && fd !== rd && fd !== wr) closeSync(fd);
}
