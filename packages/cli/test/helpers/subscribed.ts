import { type FSWatcher, readdirSync, watch } from "node:fs";

/**
 * Resolves once `count` listeners are subscribed to the fifodir `eventDir`
 * (their fifos renamed into place), so a test can act knowing a client
 * waiting there will see what follows. Rejects after `timeout` ms.
 */
export function subscribed(eventDir: string, count = 1, timeout = 5000): Promise<void> {
  const enough = (): boolean => readdirSync(eventDir).filter((n) => n.startsWith("ftrig1:")).length >= count;
  return new Promise((resolve, reject) => {
    let watcher: FSWatcher | undefined;
    const done = (err?: Error): void => {
      clearTimeout(timer);
      watcher?.close();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error(`${eventDir}: fewer than ${count} listeners after ${timeout} ms`)), timeout);
    watcher = watch(eventDir, () => {
      if (enough()) done();
    });
    if (enough()) done();
  });
}
