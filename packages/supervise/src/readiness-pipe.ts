import { closeSync } from "node:fs";
import { type Reads, watchReads } from "@ts6/native";

/**
 * The read end of a service's notification-fd pipe, watched with epoll
 * alone (no stream: a service start costs no Socket). The first newline
 * read means ready, once; end of file (or a read error) without one means
 * not this time. Either way the pipe is then closed.
 */
export class ReadinessPipe {
  private open = true;
  private readonly reads: Reads;

  constructor(private readonly fd: number, private readonly onReady: () => void) {
    this.reads = watchReads(
      fd,
      (bytes) => {
        if (!bytes.includes(0x0a)) return;
        this.close();
        this.onReady();
      },
      () => this.close(),
    );
  }

  /**
   * Reads what is there. Also called when run has died, so that a service
   * that signals readiness and exits at once is seen ready first, as s6's
   * loop (the notification fd before signals) sees it.
   */
  drain(): void {
    this.reads.drain();
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.reads.stop();
    closeSync(this.fd);
  }
}
