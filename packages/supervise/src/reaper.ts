import { reap } from "@ts6/native";
import type { Logger } from "./log.js";

export type ExitHandler = (wstat: number) => void;

const RETRY_MS = 100;

/**
 * The one place that calls waitpid. Every child of the daemon (runs,
 * finishes, .s6-svscan scripts) is registered here by pid; anything else
 * that dies is an orphan we adopted (PID 1, subreaper) and is only counted.
 */
export class Reaper {
  private readonly owners = new Map<number, ExitHandler>();
  private orphans = 0;
  private readonly onSignal = (): void => this.drain();
  /** A drain that failed is retried: the addon keeps what it collected, and no SIGCHLD may come for it. */
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly log: Logger) {
    process.on("SIGCHLD", this.onSignal);
  }

  /** Registers the handler for pid's death. Call in the same tick as the spawn. */
  watch(pid: number, onExit: ExitHandler): void {
    this.owners.set(pid, onExit);
  }

  /** Forgets a pid whose owner went away; its death will count as an orphan's. */
  forget(pid: number): void {
    this.owners.delete(pid);
  }

  get orphansReaped(): number {
    return this.orphans;
  }

  get watched(): number {
    return this.owners.size;
  }

  drain(): void {
    let reaped;
    try {
      reaped = reap();
    } catch (err) {
      this.log.error({ err }, `unable to collect dead children, retrying in ${RETRY_MS} ms`);
      this.retry ??= setTimeout(() => {
        this.retry = undefined;
        this.drain();
      }, RETRY_MS);
      return;
    }
    for (const { pid, wstat } of reaped) {
      const owner = this.owners.get(pid);
      if (owner === undefined) {
        this.orphans++;
        continue;
      }
      this.owners.delete(pid);
      try {
        owner(wstat);
      } catch (err) {
        this.log.error({ err, pid }, "exit handler failed");
      }
    }
  }

  close(): void {
    clearTimeout(this.retry);
    process.off("SIGCHLD", this.onSignal);
  }
}
