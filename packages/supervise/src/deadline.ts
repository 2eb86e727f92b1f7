/**
 * One pending deadline at a time, as s6's loops have one iopause deadline:
 * each arm() replaces the previous one. A deadline already due runs on the
 * next loop turn (Node's timers would wait a millisecond at least).
 */
export class Deadline {
  private cancel: (() => void) | undefined;

  constructor(private readonly onDue: () => void) {}

  /** Arms the deadline `ms` from now, replacing any; Infinity leaves none. */
  arm(ms: number): void {
    this.clear();
    if (ms === Infinity) return;
    const fire = (): void => {
      this.cancel = undefined;
      this.onDue();
    };
    if (ms <= 0) {
      const h = setImmediate(fire);
      this.cancel = () => clearImmediate(h);
    } else {
      const h = setTimeout(fire, ms);
      this.cancel = () => clearTimeout(h);
    }
  }

  clear(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}
