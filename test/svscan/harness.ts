import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Tree as ApiTree, startTree as startApiTree } from "ts6";
import { withDeadline } from "../helpers/deadline.js";
import { run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { TAG_VARIABLE, killTagged, newTag } from "../helpers/tagged-processes.js";

export const TS6_SVSCAN = fileURLToPath(new URL("../../packages/cli/bin/ts6-svscan.js", import.meta.url));

export type Kind = "ts6" | "s6";
export const KINDS: readonly Kind[] = ["s6", "ts6"];

export function tmpScandir(tag = "scan"): string {
  return mkdtempSync(join(tmpdir(), `ts6-${tag}-`));
}

/**
 * A scan directory on a tmpfs where there is one, as /run is for a real
 * PID 1: for the tests that time the daemon itself, which a disk's journal
 * would otherwise time instead (see docs/svscan.md, "Where the scan
 * directory lives").
 */
export function tmpfsScandir(tag = "scan"): string {
  return existsSync("/dev/shm") ? mkdtempSync(join("/dev/shm", `ts6-${tag}-`)) : tmpScandir(tag);
}

/**
 * Writes a service directory elsewhere and renames it into the scan
 * directory, so that a watching scanner never sees it half made (no run
 * yet, no log/ yet: a scanner decides about log/ when it first sees a dir).
 */
export function writeService(scandir: string, name: string, files: Record<string, string>): string {
  const staging = mkdtempSync(join(scandir, ".staging-"));
  for (const [file, content] of Object.entries(files)) {
    const path = join(staging, file);
    mkdirSync(dirname(path), { recursive: true });
    const exec = /(^|\/)(run|finish|SIG[A-Z0-9]+|crash)$/.test(file);
    writeFileSync(path, content, { mode: exec ? 0o755 : 0o644 });
  }
  const dir = join(scandir, name);
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(staging, dir);
  return dir;
}

/** Files of the scanner's own .s6-svscan/ (finish, SIGTERM...), executable. */
export function writeControlScripts(scandir: string, files: Record<string, string>): void {
  mkdirSync(join(scandir, ".s6-svscan"), { recursive: true, mode: 0o700 });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(scandir, ".s6-svscan", name), content, { mode: 0o755 });
}

export interface Tree {
  readonly kind: Kind;
  readonly scandir: string;
  readonly pid: number;
  /** Resolves with the scanner's exit code (128+n when killed by signal n). */
  readonly exited: Promise<number>;
  output(): string;
  waitForOutput(pattern: string | RegExp, ms?: number): Promise<string>;
  running(): boolean;
  /** Brings the tree down (t), waits, then kills whatever the test left, tagged or not. */
  stop(timeoutMs?: number): Promise<number>;
}

/**
 * The JS API's tree, run with s6-svscan or ts6-svscan, every process of it
 * tagged: after b, or a failed test, what the API's own sweep cannot see
 * (services orphaned out of the tree) is found by its tag.
 */
export async function startTree(
  kind: Kind, scandir: string, args: readonly string[] = [], timeoutMs = 5000, env: NodeJS.ProcessEnv = {},
  /** Another program to start in place of the scanner (a wrapper that execs it). */
  program?: string,
): Promise<Tree> {
  const tag = newTag();
  let t: ApiTree;
  try {
    t = await startApiTree(scandir, {
      svscan: program ?? (kind === "ts6" ? undefined : s6("s6-svscan")),
      args,
      env: { ...process.env, ...env, [TAG_VARIABLE]: tag },
      timeout: timeoutMs,
    });
  } catch (err) {
    await killTagged(tag);
    throw err;
  }
  let running = true;
  void t.exited.then(() => (running = false));
  return {
    kind, scandir, pid: t.pid, exited: t.exited,
    output: () => t.output(),
    waitForOutput: (pattern, ms = 5000) => t.waitForOutput(pattern, { timeout: ms }),
    running: () => running,
    stop: async (ms = 10_000) => {
      try {
        return await t.stop({ timeout: ms });
      } finally {
        await killTagged(tag);
      }
    },
  };
}

export function removeScandir(scandir: string): void {
  rmSync(scandir, { recursive: true, force: true });
}

/** Resolves when path (a file or a directory) exists, woken by inotify on its parent. */
export async function waitForPath(path: string, ms = 5000): Promise<void> {
  const parent = dirname(path);
  if (!existsSync(parent)) await waitForPath(parent, ms);
  const w = watch(parent);
  try {
    const there = new Promise<void>((resolve) => {
      w.on("change", () => existsSync(path) && resolve());
      if (existsSync(path)) resolve();
    });
    await withDeadline(there, ms, () => path);
  } finally {
    w.close();
  }
}

/** Waits for a service state with the real s6-svwait (event-driven). */
export async function svwait(flag: string, dir: string, ms = 5000): Promise<void> {
  await waitForPath(join(dir, "supervise", "status"), ms);
  const r = await run(s6("s6-svwait"), [flag, "-t", String(ms), dir], { timeout: ms + 2000 });
  if (r.code !== 0) throw new Error(`s6-svwait ${flag} ${dir}: exit ${String(r.code)} ${r.stderr}`);
}
