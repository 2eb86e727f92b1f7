import { closeSync, constants, existsSync, mkdirSync, openSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { vi } from "vitest";
import type { SpawnOptions } from "@ts6/native";
import { mkfifo } from "@ts6/native";
import { type SupervisorStatus, readStatusFile } from "@ts6/protocol";
import type { ChildWatch, ProcessOps } from "../src/children.js";
import type { Logger } from "../src/log.js";
import type { ExitHandler } from "../src/reaper.js";
import { Supervisor } from "../src/supervisor.js";

/** pids the fakes hand out: run's, then finish's. */
export const RUN = 100;
export const FINISH = 200;

export type Kill = [pid: number, sig: NodeJS.Signals | number];

/** Reaps nothing: a death comes when the test says so. */
export class FakeChildren implements ChildWatch {
  readonly owners = new Map<number, ExitHandler>();
  /** Makes the next watch() throw, as a broken registration would. */
  failNextWatch = false;

  watch(pid: number, onExit: ExitHandler): void {
    if (this.failNextWatch) {
      this.failNextWatch = false;
      throw new Error("watch failed");
    }
    this.owners.set(pid, onExit);
  }

  forget(pid: number): void {
    this.owners.delete(pid);
  }

  /** pid dies; its handler stays known, so that a test can replay a stale death. */
  died(pid: number, wstat: number): void {
    const owner = this.owners.get(pid);
    if (owner === undefined) throw new Error(`pid ${pid} is not watched`);
    owner(wstat);
  }
}

/** Starts nothing: run gets RUN, finish FINISH; kills are recorded. */
export class FakeProcesses implements ProcessOps {
  readonly kills: Kill[] = [];
  /** How many times ./run was started. */
  runs = 0;

  spawn(opts: SpawnOptions): number {
    if (opts.file !== "./run") return FINISH;
    this.runs++;
    return RUN;
  }

  kill(pid: number, sig: NodeJS.Signals | number): void {
    this.kills.push([pid, sig]);
  }
}

/** Keeps what the supervisor logs at warning level and above. */
export function recordingLogger(lines: string[]): Logger {
  const keep = (a: object | string, b?: string): void => {
    lines.push(typeof a === "string" ? a : (b ?? ""));
  };
  const log: Logger = {
    debug: () => {}, info: () => {}, warn: keep, error: keep, fatal: keep,
    child: () => log,
  };
  return log;
}

/** An event/ listener read synchronously: a FIFO named as ftrig's, so that notify() writes to it. */
function tapEvents(dir: string): { read: () => string; close: () => void } {
  const fifo = join(dir, "event", `ftrig1:@${"0".repeat(24)}:tested`);
  mkfifo(fifo, 0o600);
  const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const buf = Buffer.alloc(256);
  const read = (): string => {
    let got = "";
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch {
        n = 0; // EAGAIN: nothing more
      }
      if (n <= 0) return got;
      got += buf.toString("latin1", 0, n);
    }
  };
  return { read, close: () => closeSync(fd) };
}

export interface Harness {
  sup: Supervisor;
  dir: string;
  children: FakeChildren;
  processes: FakeProcesses;
  /** Warnings and errors logged. */
  logged: string[];
  /** Event bytes sent since the last call. */
  events: () => string;
  status: () => SupervisorStatus;
  exited: () => boolean;
  /** Leaves (QUIT does in every state) and closes the tap. */
  close: () => void;
}

let serial = 0;

/** A Supervisor on a fresh service directory under `root`, started, its first deadline not yet run. */
export function supervise(root: string, files: Record<string, string> = {}): Harness {
  const dir = join(root, `svc${serial++}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const children = new FakeChildren();
  const processes = new FakeProcesses();
  const logged: string[] = [];
  const sup = new Supervisor({ dir, name: "svc", reaper: children, processes, log: recordingLogger(logged), stdio: [0, 1, 2] });
  let exited = false;
  sup.on("exit", () => (exited = true));
  sup.start();
  const tap = tapEvents(dir);
  return {
    sup, dir, children, processes, logged, events: tap.read,
    status: () => readStatusFile(dir),
    exited: () => exited,
    close: () => {
      if (!exited) sup.signal("quit");
      tap.close();
      vi.clearAllTimers();
    },
  };
}

export function hasDownFile(h: Harness): boolean {
  return existsSync(join(h.dir, "down"));
}
