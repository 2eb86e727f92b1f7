/** Items pushed by a callback (a fifo reader), awaited one at a time with a deadline. */
export class EventQueue<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | undefined;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  /** Forgets what has arrived so far. */
  clear(): void {
    this.items.length = 0;
  }

  /** The next item, or undefined once `deadline` (a performance.now() value; undefined: none) passes. */
  async next(deadline: number | undefined): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      while (this.items.length === 0) {
        const left = deadline === undefined ? Infinity : deadline - performance.now();
        if (left <= 0) return undefined;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          if (left !== Infinity) timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
      }
      return this.items.shift();
    } finally {
      clearTimeout(timer);
      this.wake = undefined;
    }
  }
}
