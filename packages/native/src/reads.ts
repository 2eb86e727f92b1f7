import { readSync } from "node:fs";
import { watchReadable } from "./fd.js";

/** One buffer for every reader: what a read gave is handed on before the next read. */
const chunk = Buffer.alloc(4096);

export interface Reads {
  /** Reads what is there now, as a wakeup would. */
  drain(): void;
  /** Reads no more; the fd stays the caller's. Safe twice. */
  stop(): void;
}

/**
 * Reads a non-blocking fd (a pipe, a FIFO) each time epoll says it is
 * readable: no stream, no thread-pool thread. `onBytes` gets each read's
 * bytes in a buffer reused afterwards (copy what must outlive the call);
 * `onEnd`, once, the error that stopped the reads, or undefined at end of
 * file. A read shorter than the buffer means the pipe is empty, so a wakeup
 * ends without the read that would fail with EAGAIN.
 * @throws the watch's error, before any read.
 */
export function watchReads(fd: number, onBytes: (bytes: Buffer) => void, onEnd: (err?: Error) => void): Reads {
  let stopped = false;
  let stopWatch: (() => void) | undefined;
  const stop = (): void => {
    stopped = true;
    stopWatch?.();
    stopWatch = undefined;
  };
  const end = (err?: Error): void => {
    stop();
    onEnd(err);
  };
  const drain = (): void => {
    while (!stopped) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") end(err as Error);
        return;
      }
      if (n === 0) return end();
      onBytes(chunk.subarray(0, n));
      if (n < chunk.length) return;
    }
  };
  const watch = (): void => {
    stopWatch = watchReadable(fd, () => {
      stopWatch = undefined;
      drain();
      if (stopped) return;
      try {
        watch();
      } catch (err) {
        end(err as Error);
      }
    });
  };
  watch();
  return { drain, stop };
}
