import { readSync } from "node:fs";
import type { Socket } from "node:net";
import { readerSocket } from "./fifo-socket.js";

/**
 * The read end of a service's notification-fd pipe. The first newline read
 * means ready, once; EOF without one means not this time. Either way the
 * pipe is then closed.
 */
export class ReadinessPipe {
  private sock: Socket | undefined;

  constructor(private readonly fd: number, private readonly onReady: () => void) {
    this.sock = readerSocket(fd, (chunk) => this.saw(chunk));
    this.sock.on("end", () => this.close());
  }

  /**
   * Reads what run wrote before it died, so that a service that signals
   * readiness and exits at once is seen ready first, as s6's loop (the
   * notification fd before signals) sees it.
   */
  drain(): void {
    const buf = Buffer.alloc(512);
    while (this.sock !== undefined) {
      let n: number;
      try {
        n = readSync(this.fd, buf, 0, buf.length, null);
      } catch {
        return;
      }
      if (n <= 0) return;
      this.saw(buf.subarray(0, n));
    }
  }

  close(): void {
    this.sock?.destroy();
    this.sock = undefined;
  }

  private saw(chunk: Buffer): void {
    if (this.sock === undefined || !chunk.includes(0x0a)) return;
    this.close();
    this.onReady();
  }
}
