import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { withDeadline } from "../helpers/deadline.js";
import { s6 } from "../helpers/s6.js";
import { TAG_VARIABLE, killTagged, newTag } from "../helpers/tagged-processes.js";
import { TS6_SVSCAN, type Kind } from "../svscan/harness.js";

export const UNSHARE = "/usr/bin/unshare";
export const SETPRIV = "/usr/bin/setpriv";

export interface LaunchOptions {
  kind?: Kind;
  scandir: string;
  /** Scanner options, before the scan directory. */
  args?: readonly string[];
  /** The main program, after `--`. */
  main?: readonly string[];
  /** PID 1 of a new pid namespace, with its own /proc. */
  pid1?: boolean;
  /** Run as nobody:nogroup with no supplementary groups. */
  nobody?: boolean;
  /** Start the scanner with fds 0, 1 and 2 closed (its output is then not seen). */
  closedStdio?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Wait for the scanner's -d 3 readiness line (default); false for trees that may end before it. */
  ready?: boolean;
  readyMs?: number;
}

export interface Launched {
  /** The process the test spawned: unshare for a PID 1 tree, else the scanner itself. */
  readonly proc: ChildProcess;
  /** The scanner's pid as the host sees it. */
  pid(): number;
  readonly tag: string;
  /** Resolves with the exit code (128+n when killed by signal n). */
  readonly exited: Promise<number>;
  output(): string;
  /** Sends sig to the scanner. */
  signal(sig: NodeJS.Signals): void;
  /** Resolves once the output holds `text`. */
  outputHas(text: string, ms?: number): Promise<void>;
  /** Resolves with the exit code, or rejects after `ms`. */
  exit(ms: number): Promise<number>;
  /** Kills everything left: the namespace, and whatever carries the tag. */
  kill(): Promise<void>;
}

function command(o: LaunchOptions): string[] {
  const scanner = (o.kind ?? "ts6") === "ts6" ? [process.execPath, TS6_SVSCAN] : [s6("s6-svscan")];
  const argv = [...scanner, ...(o.ready === false ? [] : ["-d", "3"]), ...(o.args ?? []), o.scandir];
  if (o.main !== undefined) argv.push("--", ...o.main);
  const user = o.nobody === true ? [SETPRIV, "--reuid=nobody", "--regid=nogroup", "--clear-groups"] : [];
  const ns = o.pid1 === true ? [UNSHARE, "--pid", "--fork", "--mount-proc"] : [];
  const closer = o.closedStdio === true ? ["/bin/sh", "-c", 'exec "$@" <&- >&- 2>&-', "sh"] : [];
  return [...ns, ...user, ...closer, ...argv];
}

/** The pid of a child of `parent`, found in /proc (there is no children file on every kernel). */
function childOf(parent: number): number | undefined {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "latin1");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/**
 * Starts a scanner the way a container or a user would: as PID 1 of a pid
 * namespace (unshare), as nobody (setpriv), with a main program. Everything
 * it starts carries a tag, so that kill() leaves nothing behind.
 */
export async function launch(o: LaunchOptions): Promise<Launched> {
  const tag = newTag();
  const [file, ...argv] = command(o);
  const proc = spawn(file!, argv, {
    cwd: o.cwd ?? o.scandir,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
    env: { ...process.env, ...o.env, [TAG_VARIABLE]: tag },
  });
  let out = "";
  const waiters = new Set<() => void>();
  const collect = (b: Buffer): void => {
    out += b.toString();
    for (const w of waiters) w();
  };
  proc.stdout!.on("data", collect);
  proc.stderr!.on("data", collect);
  // On close, not exit: by then everything the tree printed has been read.
  const exited = new Promise<number>((resolve) => {
    proc.on("close", (code, sig) => resolve(code ?? 128 + (sig ? osConstants.signals[sig] : 0)));
  });
  if (o.ready !== false) {
    const notif = proc.stdio[3] as NodeJS.ReadableStream;
    const ready = new Promise<void>((resolve, reject) => {
      notif.once("data", () => resolve());
      proc.once("exit", () => reject(new Error(`scanner exited before it was ready:\n${out}`)));
    });
    try {
      await withDeadline(ready, o.readyMs ?? 10_000, () => "scanner readiness");
    } catch (err) {
      await killTagged(tag);
      throw err;
    }
  }
  let scannerPid = o.pid1 === true ? undefined : proc.pid!;
  const pid = (): number => {
    scannerPid ??= childOf(proc.pid!);
    if (scannerPid === undefined) throw new Error("the namespace has no PID 1 yet");
    return scannerPid;
  };
  const outputHas = async (text: string, ms = 5000): Promise<void> => {
    let done = (): void => undefined;
    const seen = new Promise<void>((resolve) => {
      done = () => out.includes(text) && resolve();
      waiters.add(done);
      done();
    });
    try {
      await withDeadline(seen, ms, () => `${JSON.stringify(text)} in the output:\n${out}`);
    } finally {
      waiters.delete(done);
    }
  };
  return {
    proc, pid, tag, exited, outputHas,
    output: () => out,
    signal: (sig) => process.kill(pid(), sig),
    exit: (ms) => withDeadline(exited, ms, () => `scanner exit; output:\n${out}`),
    kill: async () => {
      // Killing PID 1 of a namespace kills everything in it.
      if (o.pid1 === true && proc.exitCode === null) {
        try {
          process.kill(pid(), "SIGKILL");
        } catch {
          // already gone
        }
      }
      await killTagged(tag);
    },
  };
}
