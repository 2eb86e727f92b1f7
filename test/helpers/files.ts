import { existsSync, readFileSync, watch } from "node:fs";
import { basename, dirname } from "node:path";
import { withDeadline } from "./deadline.js";

/** A file's text, or undefined when it does not exist. */
export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/**
 * Resolves with a file's text once `pred` holds for it, watching its
 * directory, so that a test can wait for what a service script writes.
 */
export async function waitFile(path: string, pred: (text: string) => boolean, ms = 5000): Promise<string> {
  const check = (): string | undefined => {
    const t = readIfExists(path);
    return t !== undefined && pred(t) ? t : undefined;
  };
  const watcher = watch(dirname(path));
  try {
    const done = new Promise<string>((resolve) => {
      watcher.on("change", (_, name) => {
        if (name !== null && String(name) !== basename(path)) return;
        const t = check();
        if (t !== undefined) resolve(t);
      });
      const now = check();
      if (now !== undefined) resolve(now);
    });
    return await withDeadline(done, ms, () => `expected content in ${path} (now: ${JSON.stringify(readIfExists(path))})`);
  } finally {
    watcher.close();
  }
}

/** The deepest ancestor of `path` (or path itself) that exists. */
function deepestExisting(path: string): string {
  let p = path;
  while (!existsSync(p)) p = dirname(p);
  return p;
}

/**
 * Resolves once `path` exists, watching the deepest of its ancestors that
 * exists (and the next one down as each appears), rejects after `ms`.
 */
export async function waitPath(path: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const here = deepestExisting(path);
    if (here === path) return;
    const left = end - Date.now();
    if (left <= 0) throw new Error(`no ${path} after ${ms} ms`);
    const watcher = watch(here);
    try {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        watcher.on("change", done);
        // Something may have appeared between looking and watching.
        if (deepestExisting(path) !== here) done();
      });
    } finally {
      watcher.close();
    }
  }
}
