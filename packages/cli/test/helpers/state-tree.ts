import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type ServiceHandle, startTree } from "ts6";
import { S6_BIN } from "./s6-available.js";
import { StandaloneSupervisors } from "./standalone.js";

/** The scanners a fixture can run under: Debian's s6-svscan, or ts6-svscan. */
export type Engine = "s6" | "ts6";
export const ENGINES: readonly Engine[] = ["s6", "ts6"];

/** Also: one ts6-supervise process per service, without a scanner. */
export type StateEngine = Engine | "ts6-supervise";

export function svscanOf(engine: Engine): string | undefined {
  return engine === "s6" ? `${S6_BIN}/s6-svscan` : undefined;
}

const SLEEP = "#!/bin/sh\nexec sleep 100000\n";

interface ServiceSpec {
  files: Record<string, string>;
  /** Files written without the executable bit. */
  plain?: readonly string[];
  /** Brings the service into its state, the way a user would with s6-svc. */
  drive(svc: ServiceHandle): Promise<unknown>;
}

/**
 * One service per state the compat suites compare clients in; each named
 * after its state. "up" also has a logger, so that `ts6 status` shows one.
 */
export const STATE_SERVICES = {
  up: {
    files: { run: SLEEP, "log/run": "#!/bin/sh\nexec cat >/dev/null\n" },
    drive: (svc) => svc.waitFor("up"),
  },
  ready: {
    files: { run: "#!/bin/sh\necho >&3\nexec sleep 100000\n", "notification-fd": "3\n" },
    drive: (svc) => svc.waitFor("ready"),
  },
  exitcode: {
    files: { run: "#!/bin/sh\nexit 3\n", down: "" },
    drive: (svc) => svc.sendAndWait("o", "finished"),
  },
  signal: {
    files: { run: SLEEP, down: "" },
    drive: async (svc) => {
      await svc.sendAndWait("o", "up");
      return svc.sendAndWait("k", "finished");
    },
  },
  finishing: {
    files: { run: "#!/bin/sh\nexit 2\n", finish: SLEEP, "timeout-finish": "0\n", down: "" },
    drive: (svc) => svc.sendAndWait("o", "down"),
  },
  paused: {
    files: { run: SLEEP },
    drive: async (svc) => {
      await svc.waitFor("up");
      svc.send("p");
      return svc.waitUntil((s) => s.paused);
    },
  },
  normallydown: {
    files: { run: SLEEP, down: "" },
    drive: (svc) => svc.waitFor("finished"),
  },
  wantup: {
    // A run that cannot be executed: the supervisor keeps it down, wanted up, retrying.
    files: { run: SLEEP },
    plain: ["run"],
    drive: (svc) => svc.waitFor("finished"),
  },
  wantdown: {
    files: { run: SLEEP, down: "" },
    drive: (svc) => svc.sendAndWait("o", "up"),
  },
} satisfies Record<string, ServiceSpec>;

export type State = keyof typeof STATE_SERVICES;
export const STATES = Object.keys(STATE_SERVICES) as State[];

export interface StateTree {
  scandir: string;
  service(name: string): ServiceHandle;
  stop(): Promise<void>;
}

interface Running {
  service(name: string): ServiceHandle;
  stop(): Promise<unknown>;
}

async function launch(engine: StateEngine, scandir: string): Promise<Running> {
  if (engine !== "ts6-supervise") return startTree(scandir, { svscan: svscanOf(engine) });
  const sups = new StandaloneSupervisors(scandir);
  for (const name of Object.keys(STATE_SERVICES)) sups.start(name);
  return sups;
}

export function writeService(dir: string, spec: Pick<ServiceSpec, "files" | "plain">): void {
  for (const [name, content] of Object.entries(spec.files)) {
    const path = join(dir, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
    const script = /(^|\/)(run|finish)$/.test(name) && !spec.plain?.includes(name);
    chmodSync(path, script ? 0o755 : 0o644);
  }
}

/**
 * A scan directory holding every STATE_SERVICES service, running under
 * `engine`, each driven into its state. (Under ts6-supervise alone, the
 * "up" service's logger does not run: only a scanner starts loggers.)
 */
export async function startStateTree(engine: StateEngine): Promise<StateTree> {
  const root = mkdtempSync(join(tmpdir(), `ts6-states-${engine}-`));
  const scandir = join(root, "scandir");
  for (const [name, spec] of Object.entries(STATE_SERVICES)) writeService(join(scandir, name), spec);
  const tree = await launch(engine, scandir);
  const stop = async (): Promise<void> => {
    // The finishing service's ./finish never ends on its own, and s6 waits for it.
    try {
      const finishing = tree.service("finishing").status();
      if (finishing.finishing) process.kill(finishing.raw.pid, "SIGKILL");
    } catch {
      // Not started that far: nothing to end.
    }
    await tree.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const [name, spec] of Object.entries(STATE_SERVICES) as Array<[State, ServiceSpec]>) {
      await spec.drive(tree.service(name));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { scandir, service: (name) => tree.service(name), stop };
}

/**
 * A state tree for the enclosing suite: started before its first test,
 * stopped after its last. Each test gets it from the returned function.
 */
export function useStateTree(engine: StateEngine): () => StateTree {
  let fx: StateTree | undefined;
  beforeAll(async () => {
    fx = await startStateTree(engine);
  }, 60_000);
  afterAll(async () => {
    await fx?.stop();
  }, 30_000);
  return () => {
    if (fx === undefined) throw new Error(`the ${engine} state tree did not start`);
    return fx;
  };
}
