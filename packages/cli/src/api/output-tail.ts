const LIMIT = 64 * 1024;

/** The last 64 KiB of a stream, kept so that a failing test can show what the tree said. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private readonly watchers = new Set<() => void>();

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0]!.length >= LIMIT) this.size -= this.chunks.shift()!.length;
    for (const wake of this.watchers) wake();
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - LIMIT)).toString("utf8");
  }

  /** Resolves with the text once it matches, woken by each chunk; rejects after `ms`. */
  waitFor(pattern: string | RegExp, ms: number): Promise<string> {
    const matches = (t: string): boolean => (typeof pattern === "string" ? t.includes(pattern) : pattern.test(t));
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const t = this.text();
        if (!matches(t)) return;
        done();
        resolve(t);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no output matching ${String(pattern)} within ${ms} ms; output so far:\n${this.text()}`));
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      this.watchers.add(check);
      check();
    });
  }
}
