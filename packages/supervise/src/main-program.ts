import { accessSync, constants } from "node:fs";
import { getpgrp, ignoreJobControlSignals, isatty, spawn, tcsetpgrp } from "@ts6/native";
import { wexitstatus, wifsignaled, wtermsig } from "@ts6/protocol";
import { errnoCode, errorText } from "./errors.js";
import type { Logger } from "./log.js";
import type { Reaper } from "./reaper.js";

/** The exit code a shell would report for a raw wait status: n, or 128 + signal. */
export function exitCodeOf(wstat: number): number {
  return wifsignaled(wstat) ? 128 + wtermsig(wstat) : wexitstatus(wstat);
}

/**
 * The container's CMD, run beside the supervision tree (`ts6-svscan DIR --
 * CMD...`). It gets the scanner's environment and stdio, and a process group
 * of its own that, on a terminal, is made the foreground: Ctrl-C and job
 * control go to it, as under tini, not to the scanner and its services.
 */
export class MainProgram {
  readonly pid: number;
  /** Resolves with the program's exit code once it is gone. */
  readonly exited: Promise<number>;
  private readonly tty: boolean;
  /**
   * 0 when our process group lies outside our pid namespace (PID 1 started
   * by unshare, not made a group leader): there is then no id to give the
   * terminal back to, and whoever started us takes it back when we exit.
   */
  private readonly ourGroup = getpgrp();
  private running = true;

  constructor(argv: readonly string[], cwd: string, reaper: Reaper, private readonly log: Logger) {
    const file = argv[0];
    if (file === undefined) throw new Error("no program after --");
    this.pid = spawn({
      file: file.includes("/") ? file : resolveInPath(file),
      argv,
      cwd,
      fds: [[0, 0], [1, 1], [2, 2]],
      setsid: false,
      newGroup: true,
    });
    let settle: (code: number) => void = () => undefined;
    this.exited = new Promise((resolve) => (settle = resolve));
    reaper.watch(this.pid, (wstat) => {
      this.running = false;
      this.giveTerminal(this.ourGroup);
      settle(exitCodeOf(wstat));
    });
    this.tty = isatty(0);
    if (this.tty) {
      // From now on we are a background job on that terminal: our own log
      // lines must not stop us (stty tostop), as they would any other job.
      ignoreJobControlSignals();
      this.giveTerminal(this.pid);
      // A shell that looked at the terminal before it was handed over has
      // stopped itself with SIGTTIN; as fg does, wake it.
      this.signal("SIGCONT");
    }
  }

  /** Signals the program's whole process group. */
  signal(sig: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(-this.pid, sig);
    } catch {
      // Exited meanwhile: its death is on the way to the reaper.
    }
  }

  private giveTerminal(pgrp: number): void {
    if (!this.tty || pgrp === 0) return;
    try {
      tcsetpgrp(0, pgrp);
    } catch (err) {
      this.log.warn({ code: errnoCode(err) }, `unable to hand the terminal to process group ${pgrp}: ${errorText(err)}`);
    }
  }
}

/** execvp's PATH search, for a CMD given by name as a container CMD often is. */
function resolveInPath(name: string): string {
  for (const dir of (process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(":")) {
    const candidate = `${dir || "."}/${name}`;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return name;
}
