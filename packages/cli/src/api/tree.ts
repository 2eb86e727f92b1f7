import { type ChildProcess, spawn } from "node:child_process";
import { constants } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SVSCAN_COMMANDS } from "@ts6/protocol";
import { writeControlIn } from "../clients/control.js";
import { OutputTail } from "./output-tail.js";
import { processTree, processesInSessions, sessionsOf, whenGone } from "./proc-tree.js";
import { readiness } from "./readiness.js";
import { ServiceHandle } from "./service.js";

export interface TreeOptions {
  /**
   * The scanner to run: a path to a .js file (run with this Node) or to an
   * executable, e.g. "/usr/bin/s6-svscan". Default: this package's ts6-svscan.
   */
  svscan?: string;
  /** Extra arguments before the scan directory (after "-d 3"). */
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /**
   * What happens to the tree's stdout and stderr (the services' too, unless
   * they have loggers): "pipe" (default) keeps the last 64 KiB for output(),
   * "inherit" shares this process's, "ignore" discards them.
   */
  output?: "pipe" | "inherit" | "ignore";
  /** Milliseconds to wait for the scanner to accept commands; default 10000. */
  timeout?: number;
}

export interface StopOptions {
  /** Milliseconds to wait for the tree to exit before killing what is left of it; default 10000. */
  timeout?: number;
}

const DEFAULT_TIMEOUT = 10_000;
const TS6_SVSCAN = fileURLToPath(new URL("../../bin/ts6-svscan.js", import.meta.url));

/** A running scanner started by startTree(). */
export interface Tree {
  /** The scan directory, absolute. */
  readonly scandir: string;
  /** The scanner's pid; it leads its own process group. */
  readonly pid: number;
  /** Resolves with the scanner's exit code (128 + signal if a signal killed it) once it has exited. */
  readonly exited: Promise<number>;
  service(name: string): ServiceHandle;
  /** Writes s6-svscanctl command letters to .s6-svscan/control. */
  control(commands: string): void;
  /** The scanner and every process below it, right now. */
  processes(): number[];
  /** What the tree wrote to stdout and stderr, when output is "pipe". */
  output(): string;
  /**
   * Resolves with output() once it contains `pattern` (a string or a regular
   * expression), woken by what the tree writes; rejects after the timeout
   * (default 10000 ms). For output "pipe" only.
   */
  waitForOutput(pattern: string | RegExp, opts?: { timeout?: number }): Promise<string>;
  /**
   * Brings the whole tree down (`t` on .s6-svscan/control, or SIGTERM when
   * it does not listen) and resolves with the scanner's exit code once it has
   * exited; s6-svscan only exits after every supervisor has, and each
   * supervisor after its service and finish script. Processes a service
   * left behind in its session are then killed. Past the timeout, kills
   * every process left in the tree and rejects.
   */
  stop(opts?: StopOptions): Promise<number>;
}

/**
 * Starts a scanner on `scandir` as a child process in a process group of
 * its own, and resolves once it accepts commands (it writes a newline on
 * the fd given by -d 3, as s6-svscan does).
 */
export async function startTree(scandir: string, opts: TreeOptions = {}): Promise<Tree> {
  const dir = resolve(scandir);
  const program = opts.svscan ?? TS6_SVSCAN;
  const args = ["-d", "3", ...(opts.args ?? []), dir];
  const [file, argv] = program.endsWith(".js") ? [process.execPath, [program, ...args]] : [program, args];
  const output = opts.output ?? "pipe";
  const child = spawn(file, argv, {
    cwd: dir,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ["ignore", output, output, "pipe"],
  });
  const tail = new OutputTail();
  child.stdout?.on("data", (b: Buffer) => tail.add(b));
  child.stderr?.on("data", (b: Buffer) => tail.add(b));
  const exited = exitOf(child);
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  try {
    await readiness(child, exited, opts.timeout ?? DEFAULT_TIMEOUT, program);
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await drained(closed);
    const text = tail.text();
    throw new Error(`${(err as Error).message}${text ? `; its output:\n${text}` : ""}`);
  }
  return new RunningTree(dir, child.pid!, exited, tail);
}

class RunningTree implements Tree {
  private done = false;

  constructor(readonly scandir: string, readonly pid: number, readonly exited: Promise<number>, private readonly tail: OutputTail) {
    void exited.then(() => (this.done = true));
  }

  service(name: string): ServiceHandle {
    if (name === "" || name.startsWith(".") || name.split("/").some((part) => part === "" || part === "..")) {
      throw new TypeError(`service(${JSON.stringify(name)}): expected a service name like "web" or "web/log"`);
    }
    return new ServiceHandle(name, resolve(this.scandir, name));
  }

  control(commands: string): void {
    if (commands === "" || [...commands].some((c) => !SVSCAN_COMMANDS.includes(c))) {
      throw new TypeError(`control(${JSON.stringify(commands)}): commands must be letters among ${SVSCAN_COMMANDS}`);
    }
    const r = writeControlIn(this.scandir, ".s6-svscan", commands);
    if (r.kind === "not-listening") throw new Error(`${this.scandir}: scanner not listening`);
    if (r.kind !== "written") throw r.err;
  }

  processes(): number[] {
    return this.done ? [] : processTree(this.pid);
  }

  output(): string {
    return this.tail.text();
  }

  waitForOutput(pattern: string | RegExp, opts: { timeout?: number } = {}): Promise<string> {
    return this.tail.waitFor(pattern, opts.timeout ?? DEFAULT_TIMEOUT);
  }

  async stop(opts: StopOptions = {}): Promise<number> {
    if (this.done) return this.exited;
    const timeout = opts.timeout ?? DEFAULT_TIMEOUT;
    // s6 signals a service's pid, not its session: whatever the service left
    // behind (a daemonised child) outlives it. Those sessions are swept at the end.
    const sessions = sessionsOf(this.processes().filter((p) => p !== this.pid));
    if (writeControlIn(this.scandir, ".s6-svscan", "t").kind !== "written") process.kill(this.pid, "SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeout)));
    let code: number | "late";
    try {
      code = await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
    const left = code === "late" ? this.processes() : [];
    const strays = processesInSessions(sessions);
    for (const pid of [...left, ...strays]) killQuietly(pid);
    await whenGone(strays, 2000);
    if (code !== "late") return code;
    await this.exited;
    throw new Error(`${this.scandir}: the tree did not exit within ${timeout} ms; killed ${left.join(" ")}`);
  }
}

/*
 * The last words of a scanner that failed to start may still be in its
 * pipes when it has exited ("close" comes once they are read). A process
 * it started may hold them open, so the wait is bounded.
 */
async function drained(closed: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
  clearTimeout(timer);
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}

/* Between listing the tree and killing it, some of it may have exited on its own. */
function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone: that is what we wanted.
  }
}
