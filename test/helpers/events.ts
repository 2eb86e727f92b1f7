import { closeSync, constants, openSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { type FtrigListener, listen } from "@ts6/protocol";

/* No s6 event is a NUL byte. */
const SYNC_MARK = "\0";

/**
 * Everything a supervisor sends to one event/ fifodir, in order. Subscribe
 * before the supervisor starts to see its "s".
 */
export class EventRecorder {
  private readonly chunks: string[] = [];
  private readonly listener: FtrigListener;
  /** The waiters to wake when bytes come. */
  private readonly wakes = new Set<() => void>();

  constructor(eventdir: string) {
    this.listener = listen(eventdir, (b) => {
      this.chunks.push(b.toString("latin1"));
      for (const wake of this.wakes) wake();
    });
  }

  /** The listener's fifo in the fifodir. */
  get path(): string {
    return this.listener.path;
  }

  /** Every byte so far. */
  get text(): string {
    return this.chunks.join("");
  }

  /** How many bytes came so far: a mark for waitFor's `from`. */
  get length(): number {
    return this.text.length;
  }

  /**
   * Resolves with the text once it matches `re`, rejects when `ms` pass
   * first. `re` is tested against every byte from offset `from` on.
   */
  async waitFor(re: RegExp, ms = 5000, from = 0): Promise<string> {
    const end = performance.now() + ms;
    for (;;) {
      const text = this.text.slice(from);
      if (re.test(text)) return text;
      const left = end - performance.now();
      if (left <= 0) throw new Error(`events ${JSON.stringify(text)} do not match ${re} after ${ms} ms`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.wakes.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.wakes.add(wake);
      });
    }
  }

  /**
   * Waits `ms` for bytes matching `re` after offset `from`, and throws if
   * they come: how a test shows that something does not happen.
   */
  async expectNone(re: RegExp, ms: number, from = this.length): Promise<void> {
    let came: string | undefined;
    try {
      came = await this.waitFor(re, ms, from);
    } catch {
      return;
    }
    throw new Error(`unexpected events ${JSON.stringify(came)} (matching ${re}) within ${ms} ms`);
  }

  /**
   * Resolves once every byte written to the recorder's fifo before this call
   * has been recorded. A client woken by the same event (s6-svwait) may exit,
   * and be seen to, before this process has read its own copy: a marker
   * written behind those bytes comes out of the fifo after them. Does nothing
   * when the fifo is gone.
   */
  async sync(ms = 5000): Promise<void> {
    let fd: number;
    try {
      fd = openSync(this.path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch {
      return;
    }
    const from = this.length;
    try {
      writeSync(fd, SYNC_MARK);
    } finally {
      closeSync(fd);
    }
    await this.waitFor(/\0/, ms, from);
    const all = this.text.replaceAll(SYNC_MARK, "");
    this.chunks.length = 0;
    this.chunks.push(all);
  }

  close(): void {
    this.listener.close();
  }
}
