import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type SupervisorStatus, listen, makeFifodir, readStatusFile } from "@ts6/protocol";

/** Real s6 is the reference; without it these tests cannot say anything. */
export const HAVE_S6 = spawnSync("sh", ["-c", "command -v s6-supervise"]).status === 0;
if (!HAVE_S6) {
  const msg = "s6 is not installed: tests against real s6 are skipped";
  if (process.env.TS6_REQUIRE_S6 === "1") throw new Error(msg);
  console.warn(`WARNING: ${msg}`);
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; killed (and reported so) after timeoutMs. */
export function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 10_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const tmpRoots: string[] = [];

export function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ts6-protocol-"));
  tmpRoots.push(dir);
  return dir;
}

export interface ServiceSpec {
  run: string;
  finish?: string;
  down?: boolean;
  files?: Record<string, string | Buffer>;
}

export function makeService(root: string, name: string, spec: ServiceSpec): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "run"), spec.run, { mode: 0o755 });
  if (spec.finish !== undefined) fs.writeFileSync(path.join(dir, "finish"), spec.finish, { mode: 0o755 });
  if (spec.down) fs.writeFileSync(path.join(dir, "down"), "");
  for (const [file, content] of Object.entries(spec.files ?? {})) fs.writeFileSync(path.join(dir, file), content);
  return dir;
}

/** Resolves with what arrived once `re` matches it; rejects at the deadline. */
export function waitEvents(dir: string, re: RegExp, trigger: () => unknown, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = "";
    const timer = setTimeout(() => {
      l.close();
      reject(new Error(`${dir}: no event matching ${re} within ${timeoutMs} ms (got ${JSON.stringify(got)})`));
    }, timeoutMs);
    const l = listen(path.join(dir, "event"), (b) => {
      got += b.toString("latin1");
      if (re.test(got)) {
        clearTimeout(timer);
        l.close();
        resolve(got);
      }
    });
    try {
      trigger();
    } catch (err) {
      clearTimeout(timer);
      l.close();
      reject(err);
    }
  });
}

/** For changes s6 announces only in the status file (p, c): inotify on supervise/, with a deadline. */
export function waitStatusFile(
  dir: string,
  pred: (s: SupervisorStatus) => boolean,
  timeoutMs = 10_000,
): Promise<SupervisorStatus> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      let s: SupervisorStatus;
      try {
        s = readStatusFile(dir);
      } catch {
        return false;
      }
      if (!pred(s)) return false;
      watcher.close();
      clearTimeout(timer);
      resolve(s);
      return true;
    };
    const watcher = fs.watch(path.join(dir, "supervise"), () => void check());
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${dir}: status never matched within ${timeoutMs} ms`));
    }, timeoutMs);
    check();
  });
}

export interface Supervisor {
  dir: string;
  child: ChildProcess;
  /** Everything the supervisor (and its services) wrote to stderr, complete once `closed` resolves. */
  stderr: () => string;
  exited: Promise<void>;
  closed: Promise<void>;
}

const live: Supervisor[] = [];

/** Starts a real s6-supervise and returns once it has announced itself ('s'). */
export async function supervise(dir: string): Promise<Supervisor> {
  // The same fifodir s6-supervise would make; it leaves an existing one alone.
  makeFifodir(path.join(dir, "event"), process.getegid!());
  let err = "";
  let child!: ChildProcess;
  await waitEvents(dir, /s/, () => {
    child = spawn("s6-supervise", [dir], { stdio: ["ignore", "ignore", "pipe"] });
  });
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const sup = { dir, child, stderr: () => err, exited, closed };
  live.push(sup);
  return sup;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a supervisor as a user would (s6-svc -dx), then forcibly if it lingers. */
export async function stop(sup: Supervisor): Promise<void> {
  const index = live.indexOf(sup);
  if (index >= 0) live.splice(index, 1);
  if (sup.child.exitCode !== null || sup.child.signalCode !== null) return;
  let servicePid = 0;
  try {
    servicePid = readStatusFile(sup.dir).pid;
  } catch {
    // No status yet: nothing of the service's to chase.
  }
  await run("s6-svc", ["-dx", sup.dir]);
  const deadline = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000));
  const done = await Promise.race([sup.exited.then(() => true), deadline]);
  if (!done) {
    if (servicePid && alive(servicePid)) process.kill(servicePid, "SIGKILL");
    sup.child.kill("SIGKILL");
    await sup.exited;
  }
}

export async function cleanup(): Promise<void> {
  await Promise.all([...live].map(stop));
  for (const dir of tmpRoots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
