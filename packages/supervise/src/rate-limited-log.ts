import type { Logger } from "./log.js";

const MINUTE = 60_000;

/**
 * Warnings that may come in storms (one per service when fds run out):
 * at most `perMinute` of them a minute, then one line saying how many
 * were left out.
 */
export class RateLimitedLog {
  private windowEnd = 0;
  private shown = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: Logger, private readonly perMinute = 10) {}

  warn(fields: object, msg: string): void {
    const now = Date.now();
    if (now >= this.windowEnd) {
      this.flush();
      this.windowEnd = now + MINUTE;
      this.shown = 0;
    }
    if (this.shown < this.perMinute) {
      this.shown++;
      this.log.warn(fields, msg);
      return;
    }
    this.dropped++;
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.windowEnd - now)).unref();
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dropped === 0) return;
    this.log.warn({ suppressed: this.dropped }, `${this.dropped} more warnings of this kind in the last minute were not logged`);
    this.dropped = 0;
  }
}
