import { join } from "node:path";
import { type FtrigListener, listen, makeFifodir } from "@ts6/protocol";

interface Waiter {
  byte: number;
  missing: Set<number>;
  resolve: () => void;
}

/**
 * Subscribes to the event/ fifodir of each service, as s6-svwait does, and
 * resolves waits on the event bytes the supervisors send ('u' up, 'U'
 * ready, 'd' down, 'D' finished). The fifodirs are made before the scanner
 * starts, so not one event of a tree's life is missed.
 */
export class EventWatch {
  private readonly listeners: FtrigListener[];
  private readonly waiters = new Set<Waiter>();
  private readonly counts = new Map<number, number>();
  /** The event bytes each service has sent since the watch began. */
  private readonly seen: Set<number>[];

  constructor(serviceDirs: readonly string[]) {
    this.seen = serviceDirs.map(() => new Set<number>());
    this.listeners = serviceDirs.map((dir, i) => {
      const eventdir = join(dir, "event");
      makeFifodir(eventdir, process.getegid?.() ?? -1);
      return listen(eventdir, (bytes) => this.onBytes(i, bytes));
    });
  }

  private onBytes(index: number, bytes: Buffer): void {
    for (const b of bytes) {
      this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
      this.seen[index]!.add(b);
    }
    for (const w of this.waiters) {
      if (!bytes.includes(w.byte) || !w.missing.delete(index) || w.missing.size > 0) continue;
      this.waiters.delete(w);
      w.resolve();
    }
  }

  /** How many times `event` arrived, over every service, since the watch began. */
  count(event: string): number {
    return this.counts.get(event.charCodeAt(0)) ?? 0;
  }

  /** Resolves once every service has sent `event` at least once since the watch began. */
  all(event: string, timeoutMs: number): Promise<void> {
    const byte = event.charCodeAt(0);
    return this.wait(event, timeoutMs, new Set([...this.seen.keys()].filter((i) => !this.seen[i]!.has(byte))));
  }

  /** Resolves once service `index` sends `event` after this call. */
  next(event: string, timeoutMs: number, index = 0): Promise<void> {
    return this.wait(event, timeoutMs, new Set([index]));
  }

  /** Rejects after timeoutMs, saying how many services are still missing. */
  private wait(event: string, timeoutMs: number, missing: Set<number>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}' from ${missing.size} service(s)`));
      }, timeoutMs);
      const waiter: Waiter = {
        byte: event.charCodeAt(0),
        missing,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      if (missing.size === 0) waiter.resolve();
      else this.waiters.add(waiter);
    });
  }

  close(): void {
    for (const l of this.listeners) l.close();
  }
}
