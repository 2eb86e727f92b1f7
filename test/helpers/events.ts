import { performance } from "node:perf_hooks";
import { type FtrigListener, listen } from "@ts6/protocol";

export interface EventChunk {
  /** performance.now() when the bytes were read. */
  at: number;
  bytes: string;
}

/**
 * Everything a supervisor sends to one event/ fifodir, in order, with the
 * time it came. Subscribe before the supervisor starts to see its "s".
 */
export class EventRecorder {
  private readonly chunks: EventChunk[] = [];
  private readonly listener: FtrigListener;
  private wake: (() => void) | undefined;

  constructor(eventdir: string) {
    this.listener = listen(eventdir, (b) => {
      this.chunks.push({ at: performance.now(), bytes: b.toString("latin1") });
      this.wake?.();
    });
  }

  /** The listener's fifo in the fifodir. */
  get path(): string {
    return this.listener.path;
  }

  /** Every byte so far. */
  get text(): string {
    return this.chunks.map((c) => c.bytes).join("");
  }

  /** Each byte so far with when it arrived. */
  get timeline(): Array<{ byte: string; at: number }> {
    return this.chunks.flatMap((c) => [...c.bytes].map((byte) => ({ byte, at: c.at })));
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
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
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

  /** When the n-th (0-based) occurrence of `byte` arrived. */
  timeOf(byte: string, n = 0): number {
    const hits = this.timeline.filter((e) => e.byte === byte);
    const hit = hits[n];
    if (hit === undefined) throw new Error(`no event ${byte} #${n} in ${JSON.stringify(this.text)}`);
    return hit.at;
  }

  close(): void {
    this.listener.close();
  }
}
