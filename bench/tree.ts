import { type ChildProcess, execFile, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { within } from "./deadline.js";
import type { Kind } from "./kinds.js";
import { childrenOf } from "./procfs.js";

const S6_SVSCAN = "/usr/bin/s6-svscan";
const S6_SVSCANCTL = "/usr/bin/s6-svscanctl";
const TS6_SVSCAN = fileURLToPath(new URL("../packages/cli/bin/ts6-svscan.js", import.meta.url));
const TS6_BUILT = fileURLToPath(new URL("../packages/cli/dist/bundle/ts6-svscan.cjs", import.meta.url));

const STOP_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 30_000;
const run = promisify(execFile);

/**
 * Both scanners get the same small environment whatever the bench was
 * started from (npm prepends its own directories to PATH, and every service
 * looks sleep up along it).
 */
const SCANNER_ENV: NodeJS.ProcessEnv = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" };

function scannerCommand(kind: Kind, scandir: string, maxServices: number, nodeArgs: readonly string[]): [string, string[]] {
  const args = ["-c", String(maxServices), "-d", "3", scandir];
  return kind === "s6" ? [S6_SVSCAN, args] : [process.execPath, [...nodeArgs, TS6_SVSCAN, ...args]];
}

/** @throws when a scanner is missing, with what to do about it. */
export function checkScanners(): void {
  if (!existsSync(S6_SVSCAN)) throw new Error(`${S6_SVSCAN} is missing: install Debian's s6 (2.11.3.2)`);
  if (!existsSync(TS6_BUILT)) throw new Error(`${TS6_BUILT} is missing: build ts6 first (npm run build)`);
}

/** One scanner, s6-svscan or ts6-svscan, in a session of its own, logging to root/scanner.log. */
export class Tree {
  readonly pid: number;
  /** Resolves once the scanner wrote its readiness line on fd 3 (-d 3). */
  readonly ready: Promise<void>;
  /** performance.now() when the readiness line arrived; NaN before. */
  readyAt = Number.NaN;
  /** Resolves with the scanner's exit code, or 128 + signal number. */
  readonly exited: Promise<number>;
  private running = true;
  private readonly logPath: string;

  private constructor(readonly kind: Kind, readonly scandir: string, root: string, private readonly proc: ChildProcess) {
    this.logPath = join(root, "scanner.log");
    // A failed spawn also emits "error", later: the missing pid has said it already.
    proc.once("error", () => undefined);
    if (proc.pid === undefined) throw new Error(`unable to start the ${kind} scanner`);
    this.pid = proc.pid;
    this.exited = new Promise((resolve) => {
      proc.once("exit", (code, signal) => {
        this.running = false;
        resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
      });
    });
    this.ready = new Promise<void>((resolve, reject) => {
      proc.stdio[3]?.once("data", () => {
        this.readyAt = performance.now();
        resolve();
      });
      void this.exited.then((code) => reject(new Error(`${kind} scanner exited (${code}) before it was ready:\n${this.logTail()}`)));
    });
    // Whoever does not wait for readiness must not get an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** Spawns the scanner (nodeArgs: for ts6-svscan's node); the caller takes the time just before. */
  static start(kind: Kind, root: string, scandir: string, maxServices: number, nodeArgs: readonly string[]): Tree {
    const [file, args] = scannerCommand(kind, scandir, maxServices, nodeArgs);
    const log = openSync(join(root, "scanner.log"), "a");
    try {
      const proc = spawn(file, args, { cwd: root, detached: true, env: SCANNER_ENV, stdio: ["ignore", log, log, "pipe"] });
      return new Tree(kind, scandir, root, proc);
    } finally {
      closeSync(log);
    }
  }

  /** Waits for the scanner's readiness line; rejects past 30 s or if it exits first. */
  async waitReady(): Promise<void> {
    if ((await within(this.ready.then(() => true), READY_TIMEOUT_MS)) === undefined) {
      throw new Error(`${this.kind} scanner not ready after ${READY_TIMEOUT_MS} ms`);
    }
  }

  /** The supervision tree's own processes: the scanner and, under s6, each s6-supervise. */
  supervisors(): number[] {
    if (this.kind === "ts6") return [this.pid];
    return [this.pid, ...childrenOf(this.pid).filter((p) => p.comm === "s6-supervise").map((p) => p.pid)];
  }

  /** What the scanner and its services printed, the last 4 kB. */
  logTail(): string {
    try {
      return readFileSync(this.logPath, "utf8").slice(-4096);
    } catch {
      return "";
    }
  }

  /**
   * s6-svscanctl -t (SIGTERM if the scanner does not listen), then waits for
   * the scanner to exit; SIGKILL past 30 s. Leftovers are the caller's, by cwd.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    try {
      await run(S6_SVSCANCTL, ["-t", this.scandir], { timeout: 5000 });
    } catch {
      this.proc.kill("SIGTERM");
    }
    if ((await within(this.exited, STOP_TIMEOUT_MS)) === undefined) {
      this.proc.kill("SIGKILL");
      await this.exited;
    }
  }
}
