import { closeSync, readSync } from "node:fs";
import { watchReadable } from "@ts6/native";
import { errnoCode } from "@ts6/protocol";

/** One buffer for every pipe: a read never outlives its call. */
const chunk = Buffer.alloc(512);

/**
 * The read end of a service's notification-fd pipe, watched with epoll
 * alone (no stream: a service start costs no Socket). The first newline
 * read means ready, once; EOF without one means not this time. Either way
 * the pipe is then closed.
 */
export class ReadinessPipe {
  private open = true;
  private stopWatch: (() => void) | undefined;

  constructor(private readonly fd: number, private readonly onReady: () => void) {
    this.watch();
  }

  private watch(): void {
    this.stopWatch = watchReadable(this.fd, () => {
      this.stopWatch = undefined;
      this.drain();
      if (this.open) this.watch();
    });
  }

  /**
   * Reads what is there. Also called when run has died, so that a service
   * that signals readiness and exits at once is seen ready first, as s6's
   * loop (the notification fd before signals) sees it.
   */
  drain(): void {
    while (this.open) {
      let n: number;
      try {
        n = readSync(this.fd, chunk, 0, chunk.length, null);
      } catch (err) {
        // EAGAIN: nothing more for now. Anything else would only come again.
        if (errnoCode(err) !== "EAGAIN") this.close();
        return;
      }
      if (n <= 0) return this.close();
      if (chunk.subarray(0, n).includes(0x0a)) {
        this.close();
        return this.onReady();
      }
    }
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.stopWatch?.();
    this.stopWatch = undefined;
    closeSync(this.fd);
  }
}
