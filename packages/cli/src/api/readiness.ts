import type { ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";

/**
 * Waits for the scanner's readiness line on its fd 3 (s6-svscan -d 3 writes
 * "\n" there once its control FIFO is open), failing if it cannot be
 * spawned, exits first, or takes longer than `timeout` ms.
 */
export function readiness(child: ChildProcess, exited: Promise<number>, timeout: number, program: string): Promise<void> {
  const fd3 = child.stdio[3] as Readable | null | undefined;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${program} did not report readiness within ${timeout} ms`)), timeout);
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      fd3?.destroy();
      if (err) reject(err);
      else resolve();
    };
    child.once("error", (err) => finish(new Error(`unable to spawn ${program}: ${err.message}`)));
    void exited.then((code) => finish(new Error(`${program} exited with code ${code} before it was ready`)));
    fd3?.on("data", (chunk: Buffer) => {
      if (chunk.includes(0x0a)) finish();
    });
  });
}
