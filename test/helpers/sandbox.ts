import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeFifodir } from "@ts6/protocol";
import { EventRecorder } from "./events.js";
import { waitPath } from "./files.js";
import { type Ran, run } from "./run.js";
import { s6 } from "./s6.js";
import { type ServiceFiles, writeServiceDir } from "./service-dir.js";
import { type Engine, type SuperviseOptions, SupervisorProcess } from "./supervisor.js";
import { type Svstat, svstat } from "./svstat.js";
import { TAG_VARIABLE, killTagged, newTag } from "./tagged-processes.js";

/** A service under one supervisor, seen from a test. */
export interface Supervised {
  engine: Engine;
  /** The supervisor's cwd. */
  root: string;
  /** The directory argument, relative to root: also run's NAME. */
  name: string;
  /** Absolute path of the service directory. */
  dir: string;
  sup: SupervisorProcess;
  /** Subscribed to event/ before the supervisor started (its "s" is the first byte), unless told not to. */
  events: EventRecorder;
  /** The recorder subscribed once the supervisor was running: it may have missed the "s". */
  subscribedLate: boolean;
  /** Debian's s6-svc with `args`, then the service dir. */
  svc(...args: string[]): Promise<Ran>;
  /** Debian's s6-svstat, normalised; `fields` selects -o output. */
  svstat(fields?: readonly string[]): Promise<Svstat>;
}

export interface SuperviseServiceOptions {
  /** Subdirectory of the sandbox for this supervisor's root; default the engine's name. */
  root?: string;
  /** Service dir name; default "svc". */
  name?: string;
  env?: NodeJS.ProcessEnv;
  umask?: number;
  /** See SuperviseOptions.prelude. */
  prelude?: string;
  /** Run before the supervisor starts, with the service dir. */
  prepare?: (dir: string) => void;
  /** ms to wait for "s"; default 10 s. */
  timeout?: number;
  /**
   * Default true: event/ is made (as s6 clients make it) and subscribed to
   * before the supervisor starts. False: the supervisor makes event/, and
   * the recorder subscribes once supervise/status exists, missing the "s".
   */
  subscribe?: boolean;
}

/**
 * A temp directory and every process and listener a test makes in it.
 * close() tears it all down, whatever state the test left it in: register
 * it with onTestFinished (or afterEach) as soon as the sandbox exists.
 */
export class Sandbox {
  readonly path = mkdtempSync(join(tmpdir(), "ts6-compat-"));
  private readonly supervisors: SupervisorProcess[] = [];
  private readonly recorders: EventRecorder[] = [];
  private readonly tags: string[] = [];

  /**
   * A supervisor on `opts.dir` (relative to `opts.cwd`), tracked for
   * teardown; its output goes to files in the sandbox.
   */
  start(engine: Engine, opts: Omit<SuperviseOptions, "output">): SupervisorProcess {
    const output = join(this.path, `${engine}-supervise-${this.supervisors.length}`);
    const sup = new SupervisorProcess(engine, { ...opts, output });
    this.supervisors.push(sup);
    return sup;
  }

  /**
   * Starts a helper process (a lock holder, a listener) in the background;
   * it and its children are killed by close().
   */
  background(file: string, args: readonly string[], cwd = this.path): ChildProcess {
    const tag = newTag();
    this.tags.push(tag);
    const child = spawn(file, args, { cwd, env: { ...process.env, [TAG_VARIABLE]: tag }, stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    return child;
  }

  record(eventdir: string): EventRecorder {
    const rec = new EventRecorder(eventdir);
    this.recorders.push(rec);
    return rec;
  }

  /**
   * Writes a service dir, subscribes to its event/ (created as s6 clients
   * create it: 03730, our group), starts `engine`'s supervisor on it and
   * waits for its "s". Rejects with the supervisor's stderr if it exits first.
   */
  async supervise(engine: Engine, files: ServiceFiles, opts: SuperviseServiceOptions = {}): Promise<Supervised> {
    const root = join(this.path, opts.root ?? engine);
    const name = opts.name ?? "svc";
    const dir = join(root, name);
    writeServiceDir(dir, files);
    opts.prepare?.(dir);
    const subscribe = opts.subscribe ?? true;
    if (subscribe) makeFifodir(join(dir, "event"), process.getegid!());
    const early = subscribe ? this.record(join(dir, "event")) : undefined;
    const sup = this.start(engine, { cwd: root, dir: name, env: opts.env, umask: opts.umask, prelude: opts.prelude });
    const started = early !== undefined
      ? early.waitFor(/^s/, opts.timeout ?? 10_000)
      : waitPath(join(dir, "supervise", "status"), opts.timeout ?? 10_000);
    const died = sup.exited.then((e) => {
      throw new Error(`${engine}-supervise exited (${e.code ?? e.signal}) before it started: ${sup.stderr}`);
    });
    await Promise.race([started, died]);
    const events = early ?? this.record(join(dir, "event"));
    return {
      engine, root, name, dir, sup, events, subscribedLate: !subscribe,
      svc: (...args) => run(s6("s6-svc"), [...args, dir]),
      svstat: (fields) => svstat(dir, fields),
    };
  }

  async close(): Promise<void> {
    for (const rec of this.recorders) rec.close();
    const errors: unknown[] = [];
    await Promise.all([
      ...this.supervisors.map((s) => s.stop()),
      ...this.tags.map((t) => killTagged(t)),
    ].map((p) => p.catch((e: unknown) => errors.push(e))));
    rmSync(this.path, { recursive: true, force: true });
    if (errors.length > 0) throw new AggregateError(errors, "teardown left processes behind");
  }
}
