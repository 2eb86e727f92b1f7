import { EventEmitter } from "node:events";
import {
  EVENTS, type SupervisorStatus, appendDeathTally, deathRecord, errnoCode, isSuperviseCommand, readDownSignal,
  readMaxDeathTally, readTimeoutFinish, readTimeoutKill, tainNow, wexitstatus, wifexited,
} from "@ts6/protocol";
import { type Orphan, type WatchedOrphan, evictOrphan, findOrphan, watchOrphan } from "./adoption.js";
import { type ChildWatch, type ProcessOps, realProcesses } from "./children.js";
import { monotonicMs } from "./clock.js";
import { Deadline } from "./deadline.js";
import { SupervisorStartError, errorText } from "./errors.js";
import { startFinish } from "./finish-script.js";
import type { Logger } from "./log.js";
import { OwnedFds } from "./owned-fds.js";
import { ReadinessPipe } from "./readiness-pipe.js";
import { type RunOutcome, launchRun } from "./run-launch.js";
import { ServiceView } from "./service-view.js";
import { ACTIONS, type State, type SupervisorEvent } from "./state-table.js";
import { StatusPublisher } from "./status-publisher.js";
import { initSuperviseDir, truncateDeathTally } from "./supervise-dir.js";
import type { SupervisorEvents, SupervisorOptions, SupervisorSignal } from "./supervisor-options.js";

const SECOND = 1000;

/**
 * s6-supervise, in-process: the state, and what the table's actions
 * (actions.ts) do with it. Every input goes through the table, under one
 * containment.
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly name: string;
  readonly log: Logger;
  readonly view: ServiceView;
  state: State = "down";
  /** timeout-kill is armed: the next timeout SIGKILLs run. */
  dying = false;
  readonly deadline = new Deadline(() => this.dispatch("timeout"));
  private readonly publisher: StatusPublisher;
  private readonly reaper: ChildWatch;
  private readonly processes: ProcessOps;
  private readonly fds: OwnedFds;
  /** Monotonic ms before which a crashed service is not restarted; 0 = none. */
  private nextStart = 0;
  private readiness: ReadinessPipe | undefined;
  private running = false;
  private bailing = false;
  /** The exit status of a finish that could not run, handed to the table right after the event that found it missing. */
  private finishless: number | undefined;
  /** What the supervisor before this one left running, found at start. */
  private orphan: WatchedOrphan | undefined;

  constructor(opts: SupervisorOptions) {
    super();
    this.name = opts.name;
    this.reaper = opts.reaper;
    this.processes = opts.processes ?? realProcesses;
    this.log = opts.log.child({ service: opts.name });
    this.view = new ServiceView(opts.dir, this.log);
    this.publisher = new StatusPublisher(() => this.view.here, this.log);
    this.fds = new OwnedFds(opts.stdio, opts.sharedStdio === true);
  }

  get status(): SupervisorStatus {
    return this.publisher.status;
  }

  /** Sets up supervise/ and event/ and starts supervising. Throws SupervisorStartError. */
  start(): void {
    try {
      this.setUp();
    } catch (err) {
      // Nothing of a supervisor that never ran may outlive it: a log pipe
      // end kept here would keep its logger from ever seeing EOF.
      this.release();
      if (err instanceof SupervisorStartError) throw new SupervisorStartError(this.view.shownIn(err.message), err.exitCode, err.code);
      throw err;
    }
    this.running = true;
    if (this.orphan?.watched === true) {
      this.adopt(this.orphan);
      return;
    }
    this.status.stamp = tainNow();
    this.status.readyStamp = this.status.stamp;
    this.publisher.publish(EVENTS.start);
    if (this.orphan === undefined) this.deadline.arm(0);
    else evictOrphan(this.orphan.pid, this.downSignal(), this.view.read(readTimeoutKill), this.log, () => this.dispatch("timeout"));
  }

  /** Takes over the run (or finish) that a supervisor which died left running: same pid, same status. */
  private adopt(o: Orphan): void {
    const { stamp, readyStamp, wstat, paused, ready, wantUp } = o.status;
    Object.assign(this.status, { stamp, readyStamp, wstat, paused, ready, wantUp, pid: o.pid, finishing: o.finishing });
    this.state = o.finishing ? "finish" : "up";
    this.log.info({ pid: o.pid }, `adopted ${o.finishing ? "./finish" : "./run"} (pid ${o.pid}) left running by a previous supervisor`);
    this.publisher.publish(EVENTS.start);
    if (o.finishing) {
      const timeout = this.view.read(readTimeoutFinish);
      this.deadline.arm(timeout > 0 ? timeout : Infinity);
    }
  }

  /** What s6-supervise does before its loop, with its exit codes. */
  private setUp(): void {
    this.view.open();
    const files = initSuperviseDir(this.view.here);
    this.fds.lockFd = files.lockFd;
    // A supervisor that cannot hear commands must not pretend to: s6-supervise
    // dies of it and s6-svscan starts a new one, and so does ts6-svscan.
    this.fds.openControl(files.controlPath, (bytes) => this.command(bytes), (err) => {
      this.log.error({ err, file: "supervise/control" }, `unable to read supervise/control: ${errorText(err)}`);
      this.bailing = true;
      this.settle();
    });
    truncateDeathTally(this.view.here);
    this.status.wantUp = this.view.normallyUp();
    // The lock is ours: whoever wrote supervise/status is gone, what it started may not be.
    const orphan = findOrphan(this.view.here);
    if (orphan !== undefined) this.orphan = watchOrphan(orphan, this.reaper, (ws) => this.dispatch("chld", ws), this.log);
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
    for (const c of bytes) if (isSuperviseCommand(c)) this.act(c, 0);
    this.settle();
  }

  private dispatch(ev: SupervisorEvent, wstat = 0): void {
    this.act(ev, wstat);
    this.settle();
  }

  private act(ev: SupervisorEvent, wstat: number): void {
    if (!this.running) return;
    this.contain(ev, () => ACTIONS[this.state][ev](this, wstat));
    const finish = this.finishless;
    if (finish === undefined) return;
    this.finishless = undefined;
    this.act("chld", finish);
  }

  /** One service's surprise must never reach another service or the scanner. */
  private contain(input: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, event: input, state: this.state }, "internal error in supervisor action");
    }
  }

  /** Leaves, once an action asked to. */
  private settle(): void {
    if (this.running && this.bailing) this.finishExit();
  }

  // --- what the actions do ------------------------------------------------------

  bail(): void {
    this.bailing = true;
  }

  setWantUp(up: boolean): void {
    this.status.wantUp = up;
    this.publisher.publish();
  }

  setPaused(paused: boolean): void {
    this.status.paused = paused;
    this.publisher.publish();
  }

  resume(): void {
    this.kill("SIGCONT");
    this.setPaused(false);
  }

  /** Starts run, or arms the deadline for the next try. */
  tryStart(): void {
    // A throttle deadline may still be armed (u while down): it must not
    // fire into the up state that this start leads to.
    this.deadline.arm(Infinity);
    this.spawned(launchRun({ view: this.view, name: this.name, stdio: this.fds.stdio, processes: this.processes, log: this.log }));
  }

  private spawned(outcome: RunOutcome): void {
    if ("retryMs" in outcome) return this.deadline.arm(outcome.retryMs);
    const { pid, notification } = outcome;
    this.reaper.watch(pid, (ws) => this.dispatch("chld", ws));
    if (notification !== undefined) this.readiness = new ReadinessPipe(notification, () => this.onReady());
    this.nextStart = 0;
    this.state = "up";
    this.status.pid = pid;
    this.status.ready = false;
    this.status.stamp = tainNow();
    this.publisher.publish(EVENTS.up);
  }

  private onReady(): void {
    this.readiness = undefined;
    this.nextStart = monotonicMs() + SECOND;
    this.status.readyStamp = tainNow();
    this.status.ready = true;
    this.publisher.publish(EVENTS.ready);
  }

  /** run died: records it, starts finish, enters `next`. False when there is no finishing phase (the service is down). */
  runDied(wstat: number, next: "finish" | "lastfinish"): boolean {
    const wantUp = this.status.wantUp;
    this.readiness?.drain();
    this.closeNotification();
    this.status.wstat = wstat;
    this.status.paused = false;
    this.status.ready = false;
    this.dying = false;
    this.status.stamp = tainNow();
    this.recordDeath(wstat);
    const pid = startFinish({ view: this.view, name: this.name, stdio: this.fds.stdio, processes: this.processes, log: this.log }, wstat);
    if (pid === undefined) {
      this.setDownAndReady(EVENTS.down + EVENTS.finished);
    } else {
      this.state = next;
      this.status.pid = pid;
      this.status.finishing = true;
      this.publisher.publish(EVENTS.down);
      if (pid > 0) {
        this.reaper.watch(pid, (ws) => this.dispatch("chld", ws));
        const timeout = this.view.read(readTimeoutFinish);
        this.deadline.arm(timeout > 0 ? timeout : Infinity);
      } else {
        // No usable finish: s6 2.11 still goes through a brief finishing
        // phase (its child fails exec and exits 127), so clients see d then
        // D. Here the phase ends once this event is handled: no process, and
        // no turn of the loop on a restart's way.
        this.finishless = 127 << 8;
      }
    }
    // Listeners hear of the death once the state is whole again; theirs are their own errors.
    this.contain("death listener", () => this.emit("death", wstat, wantUp));
    return pid !== undefined;
  }

  private recordDeath(wstat: number): void {
    try {
      appendDeathTally(this.view.here, deathRecord(this.status.stamp, wstat), this.view.read(readMaxDeathTally));
    } catch (err) {
      this.log.warn({ file: "supervise/death_tally", code: errnoCode(err) }, `unable to update death_tally: ${errorText(err)}`);
    }
  }

  finishDied(wstat: number): void {
    if (wifexited(wstat) && wexitstatus(wstat) === 125) {
      this.status.wantUp = false;
      this.setDownAndReady(EVENTS.failed + EVENTS.finished);
      const stamp = this.status.readyStamp;
      this.contain("permanent-failure listener", () => this.emit("permanent-failure", 125, stamp));
    } else {
      this.setDownAndReady(EVENTS.finished);
    }
  }

  private setDownAndReady(events: string): void {
    this.status.pid = 0;
    this.status.finishing = false;
    this.status.ready = true;
    this.state = "down";
    this.deadline.arm(this.nextStart > 0 ? Math.max(0, this.nextStart - monotonicMs()) : SECOND);
    this.status.readyStamp = tainNow();
    this.publisher.publish(events);
  }

  stop(): void {
    this.status.wantUp = false;
    this.kill(this.downSignal());
    this.resume();
    const timeout = this.view.read(readTimeoutKill);
    this.deadline.arm(timeout > 0 ? timeout : Infinity);
    if (timeout > 0) this.dying = true;
  }

  downSignal(): number {
    return this.view.read(readDownSignal);
  }

  kill(sig: NodeJS.Signals | number): void {
    this.signalPid(this.status.pid, sig);
  }

  /** run and finish are session leaders, so their pgid is their pid. */
  killGroup(sig: NodeJS.Signals): void {
    this.signalPid(-this.status.pid, sig);
  }

  private signalPid(pid: number, sig: NodeJS.Signals | number): void {
    if (pid === 0) return;
    try {
      this.processes.kill(pid, sig);
    } catch {
      // Already dead (its SIGCHLD is on its way), or its group already empty.
    }
  }

  /** A logger that appeared after registration: run's next start (and finish) write into its pipe. */
  setStdout(fd: number): void {
    // After x or HUP the supervisor has let go of its stdout for good.
    if (this.state === "lastup" || this.state === "lastfinish") return;
    this.fds.setStdout(fd);
  }

  closethem(): void {
    this.fds.closethem();
    this.emit("stdio-detached");
  }

  private closeNotification(): void {
    this.readiness?.close();
    this.readiness = undefined;
  }

  // --- the end ------------------------------------------------------------------

  /** Last event out, then every fd and timer released. */
  private finishExit(): void {
    this.running = false;
    this.publisher.send(EVENTS.exit);
    this.deadline.clear();
    this.closeNotification();
    // A run left alive by QUIT becomes an orphan of the daemon, reaped like any other.
    if (this.status.pid > 0) this.reaper.forget(this.status.pid);
    this.release();
    this.emit("exit");
  }

  private release(): void {
    this.orphan?.stop();
    this.fds.release();
    this.view.close();
  }
}
