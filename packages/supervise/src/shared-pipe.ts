import { closeSync } from "node:fs";
import { pipe } from "@ts6/native";

export type PipeEnd = "read" | "write";

/**
 * A log pipe whose two fds are shared, not copied: the scanner holds both
 * ends, a service's supervisor the write end, its logger's supervisor the
 * read end, and each fd is closed when its last holder lets go. This is
 * what each s6-supervise having its own copy amounts to (the logger sees
 * EOF once nobody may write any more), for two fds per logged service
 * instead of four.
 */
export class SharedPipe {
  readonly read: number;
  readonly write: number;
  private readonly holders = { read: 1, write: 1 };

  /** A new pipe (or the two ends of one found open), both ends held by the caller. Throws the pipe(2) error (EMFILE...). */
  constructor(ends: { read: number; write: number } = pipe()) {
    this.read = ends.read;
    this.write = ends.write;
  }

  /** One more holder of `end`; the function it returns lets go (once, whatever the number of calls). */
  hold(end: PipeEnd): () => void {
    this.holders[end]++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.release(end);
    };
  }

  release(end: PipeEnd): void {
    if (this.holders[end] <= 0) return;
    this.holders[end]--;
    if (this.holders[end] === 0) closeSync(this[end]);
  }
}
