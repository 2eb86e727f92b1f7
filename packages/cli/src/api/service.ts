import { type FSWatcher, watch } from "node:fs";
import { join } from "node:path";
import { SVC_COMMANDS, TRANSITION_EVENTS, errnoCode, isSupervised, listen, tainNow } from "@ts6/protocol";
import { writeControlIn } from "../clients/control.js";
import { EventQueue } from "../clients/event-queue.js";
import { makeEventDir } from "../clients/event-dir.js";
import { legacyLine } from "../clients/svstat-format.js";
import { type ServiceState, readServiceState } from "../service-state.js";

/** A service's state, plus whether a supervisor is running on it right now. */
export interface ServiceStatus extends ServiceState {
  supervised: boolean;
}

/** up: run is alive. ready: up and notified readiness. down: run is dead. finished: dead and ./finish done too. */
export type WaitState = "up" | "ready" | "down" | "finished";

export interface WaitOptions {
  /** Milliseconds before the wait fails; default 10000. */
  timeout?: number;
}

const DEFAULT_TIMEOUT = 10_000;
/* Not an event letter: marks a rewrite of supervise/status in the wake-up queue. */
const STATUS_REWRITTEN = "status";

const REACHED: Record<WaitState, (s: ServiceState) => boolean> = {
  up: (s) => s.up,
  ready: (s) => s.ready,
  down: (s) => !s.up,
  finished: (s) => s.raw.pid === 0,
};

/**
 * One service directory of a tree, driven through the same files as s6's
 * clients. Every wait subscribes to event/ first, then reads the status,
 * then sleeps on events: nothing can happen unseen between the check and
 * the wait.
 */
export class ServiceHandle {
  constructor(readonly name: string, readonly dir: string) {}

  /** The decoded supervise/status; throws if no supervisor has ever written one. */
  status(): ServiceStatus {
    return { ...readServiceState(this.dir), supervised: isSupervised(this.dir) };
  }

  /** Writes s6-svc command letters (e.g. "u", "d", "k") to supervise/control. */
  send(commands: string): void {
    if (commands === "" || [...commands].some((c) => !SVC_COMMANDS.includes(c))) {
      throw new TypeError(`send(${JSON.stringify(commands)}): commands must be letters among ${SVC_COMMANDS}`);
    }
    const r = writeControlIn(this.dir, "supervise", commands);
    if (r.kind === "not-listening") throw new Error(`${this.name}: supervisor not listening`);
    if (r.kind !== "written") throw r.err;
  }

  /** Resolves with the status once the service is in `state` (at once if it already is). */
  waitFor(state: WaitState, opts: WaitOptions = {}): Promise<ServiceStatus> {
    return this.watch(opts, async (w) => w.until(state));
  }

  /**
   * Resolves with the status once `predicate` holds for it, rechecked on
   * every event and every rewrite of supervise/status (some changes, such
   * as pausing, write the status without sending an event).
   */
  waitUntil(predicate: (s: ServiceStatus) => boolean, opts: WaitOptions = {}): Promise<ServiceStatus> {
    return this.watch(opts, async (w) => w.until(predicate));
  }

  /**
   * Sends `commands`, then waits for the change they cause: `state` is only
   * checked after each event or status rewrite that follows the write, never
   * on the status from before it. Use it for commands that do change the
   * state (e.g. "o" on a down service, then "finished"); otherwise it waits
   * until the timeout.
   */
  sendAndWait(commands: string, state: WaitState, opts: WaitOptions = {}): Promise<ServiceStatus> {
    return this.watch(opts, async (w) => {
      await w.supervised();
      w.forgetSoFar();
      this.send(commands);
      return w.until(state, "after-event");
    });
  }

  /* up(), down(), restart() and sendAndWait() first wait for the service's supervisor to run. */

  /** `u`, then waits until up. */
  up(opts: WaitOptions = {}): Promise<ServiceStatus> {
    return this.watch(opts, async (w) => {
      await w.supervised();
      this.send("u");
      return w.until("up");
    });
  }

  /** `d`, then waits until down with ./finish done. */
  down(opts: WaitOptions = {}): Promise<ServiceStatus> {
    return this.watch(opts, async (w) => {
      await w.supervised();
      this.send("d");
      return w.until("finished");
    });
  }

  /** `r` (the down-signal, staying wanted up), then waits for the death and the next start. */
  restart(opts: WaitOptions = {}): Promise<ServiceStatus> {
    return this.watch(opts, async (w) => {
      await w.supervised();
      w.forgetSoFar();
      this.send("r");
      await w.untilEvent("d");
      return w.until("up");
    });
  }

  /* Subscribes to event/ and watches supervise/ for status rewrites, both before anything is read. */
  private async watch<T>(opts: WaitOptions, body: (w: Waiter) => Promise<T>): Promise<T> {
    const timeout = opts.timeout ?? DEFAULT_TIMEOUT;
    const events = new EventQueue<string>();
    const eventDir = join(this.dir, "event");
    makeEventDir(eventDir);
    const sub = listen(eventDir, (bytes) => {
      for (const b of bytes) events.push(String.fromCharCode(b));
    });
    let statusWatch: FSWatcher | undefined;
    try {
      statusWatch = watch(join(this.dir, "supervise"), (_, file) => {
        if (file === "status") events.push(STATUS_REWRITTEN);
      });
    } catch {
      // No supervise/ yet: the supervisor's start event ("s") wakes us instead.
    }
    try {
      return await body(new Waiter(this, events, performance.now() + timeout, timeout));
    } finally {
      statusWatch?.close();
      sub.close();
    }
  }
}

class Waiter {
  constructor(
    private readonly service: ServiceHandle,
    private readonly events: EventQueue<string>,
    private readonly deadline: number,
    private readonly timeout: number,
  ) {}

  /**
   * Waits for a state or a predicate, checked now and after every wake-up;
   * with "after-event", only after transition events, so that a status
   * rewrite made while a command is being taken in (s6 writes "want down"
   * before it starts a service for "o") cannot pass for its outcome.
   */
  async until(
    target: WaitState | ((s: ServiceStatus) => boolean),
    when: "now" | "after-event" = "now",
    what = typeof target === "string" ? target : "the condition",
  ): Promise<ServiceStatus> {
    const holds = typeof target === "string" ? REACHED[target] : target;
    const wantsUp = target === "up" || target === "ready";
    let check = when === "now";
    for (;;) {
      if (check) {
        const s = this.current();
        if (s !== undefined && holds(s)) return s;
      }
      const event = await this.nextEvent(what);
      check = when === "now" || TRANSITION_EVENTS.includes(event);
      if (event === "O" && wantsUp) {
        throw new Error(`${this.service.name}: failed permanently (./finish exited 125) while waiting for ${what}`);
      }
      if (event === "x") {
        const last = this.current();
        if (last !== undefined && holds(last)) return last;
        throw new Error(`${this.service.name}: its supervisor exited while waiting for ${what}`);
      }
    }
  }

  /* A tree just started may not have started this service's supervisor yet. */
  async supervised(): Promise<void> {
    await this.until((s) => s.supervised, "now", "its supervisor to start");
  }

  /* What happened before a command was sent is not its outcome. */
  forgetSoFar(): void {
    this.events.clear();
  }

  async untilEvent(letter: string): Promise<void> {
    for (;;) {
      const event = await this.nextEvent(`event ${letter}`);
      if (event === letter) return;
      if (event === "x") throw new Error(`${this.service.name}: its supervisor exited while waiting for event ${letter}`);
    }
  }

  private async nextEvent(what: string): Promise<string> {
    const event = await this.events.next(this.deadline);
    if (event !== undefined) return event;
    const s = this.current();
    const now = s === undefined ? "no status yet" : legacyLine({ status: s.raw, now: tainNow(), normallyUp: s.normallyUp }, false);
    throw new Error(`${this.service.name}: timed out after ${this.timeout} ms waiting for ${what} (now: ${now})`);
  }

  /* Undefined until the supervisor has written its first status. */
  private current(): ServiceStatus | undefined {
    try {
      return this.service.status();
    } catch (err) {
      if (errnoCode(err) === "ENOENT") return undefined;
      throw err;
    }
  }
}
