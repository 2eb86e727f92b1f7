import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withDeadline } from "./deadline.js";
import { s6 } from "./s6.js";
import { TAG_VARIABLE, killTagged, newTag } from "./tagged-processes.js";

/** The two supervisors a compat test can run: Debian's s6-supervise, or ours. */
export type Engine = "s6" | "ts6";
export const ENGINES: readonly Engine[] = ["s6", "ts6"];

/** The compiled ts6-supervise (build first: npx tsc -b). */
export const TS6_SUPERVISE = fileURLToPath(new URL("../../packages/cli/bin/ts6-supervise.js", import.meta.url));

/**
 * Closes every fd but 0, 1 and 2 before the supervisor is exec'd, as
 * s6-svscan starts a supervisor: whatever fds the test runner leaks would otherwise
 * reach s6's services, and not ts6's, which closes them on purpose.
 */
const CLEAN_EXEC = 'for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done;';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SuperviseOptions {
  /** The supervisor's cwd; `dir` is passed as given, and so becomes run's NAME. */
  cwd: string;
  dir: string;
  /** The supervisor's arguments, if not just `dir`. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /**
   * Where the supervisor's (and so its services') stdout and stderr go:
   * PREFIX.stdout and PREFIX.stderr. Files, not pipes, so that everything
   * written before the supervisor exited is there to read once it has.
   */
  output: string;
  /** The supervisor's umask; default the test's. */
  umask?: number;
  /**
   * bash commands run just before the supervisor is exec'd, after the fds
   * above 2 are closed: to hand it an fd or an ignored signal on purpose.
   */
  prelude?: string;
}

/**
 * A supervisor running as a child of the test, leader of its own process
 * group, with everything it prints kept. Its services carry its tag, so
 * stop() finds them even in their own sessions.
 */
export class SupervisorProcess {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private readonly tag = newTag();
  private readonly outFile: string;
  /** Where the supervisor's stderr goes: waitFile() it to wait for a diagnostic. */
  readonly stderrPath: string;
  private exit: Exit | undefined;

  constructor(readonly engine: Engine, opts: SuperviseOptions) {
    const args = opts.args ?? [opts.dir];
    const argv = engine === "s6" ? [s6("s6-supervise"), ...args] : [process.execPath, TS6_SUPERVISE, ...args];
    this.outFile = `${opts.output}.stdout`;
    this.stderrPath = `${opts.output}.stderr`;
    const out = openSync(this.outFile, "a");
    const err = openSync(this.stderrPath, "a");
    try {
      const umask = opts.umask === undefined ? "" : `umask ${opts.umask.toString(8)}; `;
      const shell = `${umask}${CLEAN_EXEC} ${opts.prelude ?? ""}\nexec "$@"`;
      this.child = spawn("/bin/bash", ["-c", shell, "supervisor", ...argv], {
        cwd: opts.cwd,
        env: { ...(opts.env ?? process.env), [TAG_VARIABLE]: this.tag },
        stdio: ["ignore", out, err],
        detached: true,
      });
    } finally {
      closeSync(out);
      closeSync(err);
    }
    if (this.child.pid === undefined) throw new Error(`unable to spawn ${argv.join(" ")}`);
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** What the supervisor and its services wrote to stdout so far. */
  get stdout(): string {
    return readFileSync(this.outFile, "utf8");
  }

  /** The supervisor's diagnostics (and its services' stderr) so far. */
  get stderr(): string {
    return readFileSync(this.stderrPath, "utf8");
  }

  signal(sig: NodeJS.Signals): void {
    process.kill(this.pid, sig);
  }

  /** Resolves when the supervisor exits, rejects after `ms`. */
  waitExit(ms = 10_000): Promise<Exit> {
    return withDeadline(this.exited, ms, () => `exit of ${this.engine}-supervise (stderr: ${this.stderr})`);
  }

  /** SIGKILLs the supervisor's group and every process that carries its tag. Idempotent. */
  async stop(): Promise<void> {
    if (this.running) {
      try {
        process.kill(-this.pid, "SIGKILL");
      } catch {
        // The group is already empty.
      }
    }
    await killTagged(this.tag);
    await this.waitExit(5000);
  }
}
