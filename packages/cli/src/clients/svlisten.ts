import { join } from "node:path";
import { TRANSITION_EVENTS, isUp, listen, readStatusFile } from "@ts6/protocol";
import { EventQueue } from "./event-queue.js";
import { makeEventDir } from "./event-dir.js";
import type { Prog } from "./strerr.js";

/** What the listeners wait for: up or down, and whether readiness matters. */
export interface Want {
  up: boolean;
  ready: boolean;
}

interface Watched {
  up: boolean;
  ready: boolean;
}

/**
 * The state machine shared by s6-svwait, s6-svlisten1 and s6-svc -w:
 * subscribe to each service's event/ BEFORE reading its status, so no
 * transition can fall between the two; then fold events into a per-service
 * (up, ready) pair until the wanted state holds.
 */
export class SvListen {
  private readonly watched: Watched[] = [];
  private readonly subs: Array<{ close(): void }> = [];
  private readonly events = new EventQueue<{ index: number; event: string }>();

  /** Subscribes and reads the status of each dir in turn, dying as s6 does. */
  constructor(prog: Prog, dirs: readonly string[]) {
    try {
      dirs.forEach((dir, index) => this.watch(prog, dir, index));
    } catch (err) {
      this.close();
      throw err;
    }
  }

  private watch(prog: Prog, dir: string, index: number): void {
    const eventDir = join(dir, "event");
    makeEventDir(eventDir);
    try {
      this.subs.push(listen(eventDir, (bytes) => {
        for (const b of bytes) {
          const event = String.fromCharCode(b);
          if (TRANSITION_EVENTS.includes(event)) this.events.push({ index, event });
        }
      }));
    } catch (err) {
      prog.unableSys(111, err, "subscribe to events for ", dir);
    }
    let status;
    try {
      status = readStatusFile(dir);
    } catch (err) {
      prog.unableSys(111, err, "s6_svstatus_read");
    }
    this.watched.push({ up: isUp(status), ready: status.ready });
  }

  /**
   * Resolves when every service (or, with `any`, one of them) is in the
   * wanted state, with the number of services that got there only by
   * failing: permanent failure ("O") while up was wanted, or their
   * supervisor exiting ("x") elsewhere. Throws `onTimeout()` at the
   * deadline (a performance.now() value; undefined: none).
   */
  async wait(want: Want, any: boolean, deadline: number | undefined, onTimeout: () => Error): Promise<number> {
    let failures = 0;
    while (!this.holds(want, any)) {
      const next = await this.events.next(deadline);
      if (next === undefined) throw onTimeout();
      failures += apply(this.watched[next.index]!, next.event, want);
    }
    return failures;
  }

  private holds(want: Want, any: boolean): boolean {
    const ok = (w: Watched): boolean => w.up === want.up && (!want.ready || w.ready);
    return any ? this.watched.some(ok) : this.watched.every(ok);
  }

  close(): void {
    for (const sub of this.subs.splice(0)) sub.close();
  }
}

/* One event's effect on a service's (up, ready); 1 if it counts as a failure. */
function apply(w: Watched, event: string, want: Want): number {
  if (event === "x") {
    const failed = w.up !== want.up || w.ready !== want.ready ? 1 : 0;
    w.up = want.up;
    w.ready = want.ready;
    return failed;
  }
  if (event === "O") {
    if (!want.up) return 0;
    w.up = want.up;
    w.ready = want.ready;
    return 1;
  }
  w.up = event === "u" || event === "U";
  w.ready = event === "D" || event === "U";
  return 0;
}
