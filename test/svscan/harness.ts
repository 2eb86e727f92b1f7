import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, renameSync, rmSync, watch, writeFileSync } from "node:fs";
import { constants as osConstants, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileP = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
export const TS6_SVSCAN = join(root, "packages/cli/bin/ts6-svscan.js");

/** Real s6 present? Compat tests skip without it, except in CI where they must run. */
export function s6Available(): boolean {
  const ok = existsSync("/usr/bin/s6-svscan") && existsSync("/usr/bin/s6-svc");
  if (!ok) {
    if (process.env.TS6_REQUIRE_S6 === "1") throw new Error("TS6_REQUIRE_S6=1 but s6 is not installed (apt-get install s6 execline)");
    console.warn("s6 is not installed: skipping the tests that need the real s6 tools");
  }
  return ok;
}

export function tmpScandir(tag = "scan"): string {
  return mkdtempSync(join(tmpdir(), `ts6-${tag}-`));
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
    const exec = /(^|\/)(run|finish)$/.test(file) || file.startsWith(".s6-svscan/");
    writeFileSync(path, content, { mode: exec ? 0o755 : 0o644 });
  }
  const dir = join(scandir, name);
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(staging, dir);
  return dir;
}

export type Kind = "ts6" | "s6";

export interface Tree {
  readonly kind: Kind;
  readonly scandir: string;
  readonly proc: ChildProcess;
  /** Resolves with the scanner's exit code (128+n when killed by signal n). */
  readonly exited: Promise<number>;
  output(): string;
  /** Brings the tree down (s6-svscanctl -t) and waits; kills what is left after the deadline. */
  stop(timeoutMs?: number): Promise<number>;
}

/** Starts s6-svscan or ts6-svscan on scandir and resolves once it accepts commands (-d 3). */
export async function startTree(kind: Kind, scandir: string, args: string[] = [], timeoutMs = 5000): Promise<Tree> {
  const [cmd, argv] = kind === "ts6"
    ? [process.execPath, [TS6_SVSCAN, "-d", "3", ...args, scandir]]
    : ["/usr/bin/s6-svscan", ["-d", "3", ...args, scandir]];
  const proc = spawn(cmd, argv, { detached: true, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  proc.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number>((resolve) => {
    proc.on("exit", (code, sig) => resolve(code ?? 128 + (sig ? signalNumber(sig) : 0)));
  });
  const notif = proc.stdio[3] as NodeJS.ReadableStream;
  await withDeadline(
    new Promise<void>((resolve, reject) => {
      notif.once("data", () => resolve());
      proc.once("exit", () => reject(new Error(`${kind}-svscan exited before it was ready:\n${out}`)));
    }),
    timeoutMs,
    `${kind}-svscan readiness`,
  );
  const tree: Tree = {
    kind, scandir, proc, exited,
    output: () => out,
    stop: async (ms = 10_000) => {
      if (proc.exitCode === null && proc.signalCode === null) {
        await execFileP("/usr/bin/s6-svscanctl", ["-t", scandir]).catch(() => proc.kill("SIGTERM"));
      }
      try {
        return await withDeadline(exited, ms, `${kind}-svscan exit`);
      } finally {
        killLeftovers(scandir, proc);
      }
    },
  };
  return tree;
}

function signalNumber(sig: NodeJS.Signals): number {
  return osConstants.signals[sig] ?? 0;
}

/** Last resort after a failed test: nothing whose cwd is in the scan dir may survive. */
export function killLeftovers(scandir: string, proc?: ChildProcess): void {
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    try {
      process.kill(-proc.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readlinkSync(`/proc/${pid}/cwd`).startsWith(scandir)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // raced with its exit, or not ours to read
    }
  }
}

export function cleanup(scandir: string): void {
  killLeftovers(scandir);
  rmSync(scandir, { recursive: true, force: true });
}

export async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves when path exists, woken by inotify on its parent, with a deadline. */
export async function waitForPath(path: string, ms = 5000): Promise<void> {
  const parent = dirname(path);
  if (!existsSync(parent)) await waitForPath(parent, ms);
  if (existsSync(path)) return;
  const w = watch(parent);
  try {
    await withDeadline(
      new Promise<void>((resolve) => {
        w.on("change", () => existsSync(path) && resolve());
        if (existsSync(path)) resolve();
      }),
      ms,
      path,
    );
  } finally {
    w.close();
  }
}

export async function run(cmd: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await execFileP(cmd, args, { timeout: opts.timeoutMs ?? 10_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** s6-svstat output with pids and durations replaced, so that two trees compare. */
export async function svstat(dir: string): Promise<string> {
  const r = await run("/usr/bin/s6-svstat", [dir]);
  return `${r.code} ${(r.stdout + r.stderr).replace(/pid \d+/g, "pid P").replace(/\d+ seconds/g, "N seconds").trim()}`;
}

/** Waits for a service state with the real s6-svwait (event-driven). */
export async function svwait(flag: string, dir: string, ms = 5000): Promise<void> {
  await waitForPath(join(dir, "supervise", "status"), ms);
  const r = await run("/usr/bin/s6-svwait", [flag, "-t", String(ms), dir], { timeoutMs: ms + 2000 });
  if (r.code !== 0) throw new Error(`s6-svwait ${flag} ${dir}: exit ${r.code} ${r.stderr}`);
}
