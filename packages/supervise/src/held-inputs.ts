/**
 * The inputs a supervisor cannot act on yet. While run is being spawned off
 * the main thread its pid, which the state and the status file need, is not
 * known: every input (a command byte, a signal, a timeout, a child's death)
 * waits here, as it would wait for s6-supervise's fork to return. The one
 * rule: nothing runs while a spawn is in flight; once it has reported,
 * everything runs in arrival order, until an input starts another spawn.
 */
export class HeldInputs {
  private spawning = false;
  private readonly queue: Array<() => void> = [];

  /** `onError` hears what a replayed input throws, so that the ones after it still run. */
  constructor(private readonly onError: (err: unknown) => void) {}

  /** Runs `input` now, or once the spawn in flight has reported. */
  submit(input: () => void): void {
    if (this.spawning) this.queue.push(input);
    else input();
  }

  /** A spawn starts: inputs wait from now on. */
  hold(): void {
    this.spawning = true;
  }

  /** The spawn reported: replays what waited. */
  release(): void {
    this.spawning = false;
    while (!this.spawning) {
      const input = this.queue.shift();
      if (input === undefined) return;
      try {
        input();
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
